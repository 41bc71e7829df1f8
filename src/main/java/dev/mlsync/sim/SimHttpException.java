package dev.mlsync.sim;

/** A request the simulator refuses; becomes an OData JSON error with this status. */
final class SimHttpException extends RuntimeException {
    private final int status;

    SimHttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    static SimHttpException badRequest(String message) {
        return new SimHttpException(400, message);
    }

    int status() {
        return status;
    }
}
