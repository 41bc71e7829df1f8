package dev.mlsync.source.rets;

import dev.mlsync.source.SourceException;

/** The server's search paging cannot be trusted to return every record exactly once. */
final class RetsPagingException extends SourceException {
    RetsPagingException(String message) {
        super(Category.BAD_REQUEST, 200, message);
    }
}
