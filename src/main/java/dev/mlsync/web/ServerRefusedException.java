package dev.mlsync.web;

import dev.mlsync.MlsyncException;

/** The server will not start as configured (for example: an open admin API on a public address). */
public final class ServerRefusedException extends MlsyncException {
    public ServerRefusedException(String message) {
        super(message);
    }
}
