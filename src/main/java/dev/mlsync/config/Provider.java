package dev.mlsync.config;

/** Provider presets a feed can name in {@code provider:}. */
public enum Provider {
    MLSGRID("mlsgrid"), TRESTLE("trestle"), BRIDGE("bridge"), SPARK("spark"), AMPRE("ampre"), RESO("reso"), RETS("rets");

    private final String configName;

    Provider(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Provider ofConfigName(String name) {
        for (Provider p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown provider " + name);
    }
}
