package dev.mlsync.source;

/**
 * One record of a page is not valid JSON although the body arrived whole (a truncated body is a plain
 * {@link Category#MALFORMED} failure instead): the records before it were readable, the rest of the page is not.
 * Asking again for the same page brings the same break; asking for smaller windows of it isolates the record.
 *
 * @see Source#splittablePageSize
 */
public final class BrokenRecordException extends SourceException {
    private final int position;
    private final String excerpt;

    /**
     * @param position 0-based position of the broken record in its page (the records before it were readable)
     * @param excerpt  the start of the broken record as sent, or null when it was no longer at hand
     */
    public BrokenRecordException(String message, int position, String excerpt, Throwable cause) {
        super(Category.MALFORMED, 200, message, cause);
        this.position = position;
        this.excerpt = excerpt;
    }

    public int position() {
        return position;
    }

    public String excerpt() {
        return excerpt;
    }
}
