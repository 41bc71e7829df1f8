package dev.mlsync.sim;

/** State of one Member (agent) record. */
final class Member {
    static final int KEY_BASE = 5_000_000;

    final int number;
    final String key;
    final String firstName;
    final String lastName;
    final int office;
    int phoneVersion;
    long modification;

    Member(int number, String firstName, String lastName, int office, long modification) {
        this.number = number;
        this.key = "SIM" + (KEY_BASE + number);
        this.firstName = firstName;
        this.lastName = lastName;
        this.office = office;
        this.modification = modification;
    }

    String fullName() {
        return firstName + " " + lastName;
    }

    String mlsId() {
        return "M" + (10_000 + number);
    }

    String email() {
        return (firstName + "." + lastName + number).toLowerCase(java.util.Locale.ROOT) + "@simrealty.example";
    }

    String phone() {
        return "303-555-" + String.format("%04d", Math.floorMod(number * 37 + phoneVersion * 1117, 10_000));
    }
}
