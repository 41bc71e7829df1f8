package dev.mlsync.sim;

/** State of one Office (brokerage) record. */
final class Office {
    static final int KEY_BASE = 7_000_000;

    final int number;
    final String key;
    final String name;
    final int city;
    final int streetNumber;
    int phoneVersion;
    long modification;

    Office(int number, String name, int city, int streetNumber, long modification) {
        this.number = number;
        this.key = "SIM" + (KEY_BASE + number);
        this.name = name;
        this.city = city;
        this.streetNumber = streetNumber;
        this.modification = modification;
    }

    String mlsId() {
        return "O" + (100 + number);
    }

    String phone() {
        return "720-555-" + String.format("%04d", Math.floorMod(number * 53 + phoneVersion * 911, 10_000));
    }
}
