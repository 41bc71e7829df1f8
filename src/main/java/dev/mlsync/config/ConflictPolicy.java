package dev.mlsync.config;

import java.util.Arrays;
import java.util.List;

/** What happens when the MLS changes or removes a field or listing that has a local override. */
public enum ConflictPolicy {
    /** The MLS value wins: the override is dropped and the conflict is recorded as resolved. */
    MLS_WINS("mls-wins"),
    /** The local value wins: the override is kept and the conflict is recorded as resolved. */
    LOCAL_WINS("local-wins"),
    /** Both are kept and the conflict stays open until someone resolves it. */
    MANUAL("manual");

    public static final List<String> NAMES = Arrays.stream(values()).map(ConflictPolicy::configName).toList();

    private final String configName;

    ConflictPolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The policy named {@code name} in a config file, or null. */
    public static ConflictPolicy ofConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst().orElse(null);
    }
}
