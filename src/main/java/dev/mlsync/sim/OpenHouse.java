package dev.mlsync.sim;

/** State of one OpenHouse record. */
final class OpenHouse {
    static final int KEY_BASE = 8_000_000;

    final int number;
    final String key;
    final Listing listing;
    long start;
    int hours;
    int remarks;
    long modification;

    OpenHouse(int number, Listing listing, long start, int hours, int remarks, long modification) {
        this.number = number;
        this.key = "SIM" + (KEY_BASE + number);
        this.listing = listing;
        this.start = start;
        this.hours = hours;
        this.remarks = remarks;
        this.modification = modification;
    }

    long end() {
        return start + hours * 3_600_000L;
    }
}
