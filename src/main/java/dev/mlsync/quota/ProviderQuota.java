package dev.mlsync.quota;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One quota a provider reports in its response headers: Trestle's {@code Hour-Quota-Limit/-Available} and
 * {@code Minute-Quota-*}, Bridge's {@code Application-RateLimit-Limit/-Remaining/-Reset} (hour) and
 * {@code Burst-RateLimit-*} (minute, Reset in epoch seconds). Without a Reset header the window is taken
 * to end at the next epoch-aligned hour or minute.
 *
 * @param length the provider's window, an hour or a minute
 */
record ProviderQuota(String name, Duration length, long limit, long remaining, Instant reset) {

    static List<ProviderQuota> of(HttpHeaders headers, Instant now) {
        List<ProviderQuota> quotas = new ArrayList<>();
        read(headers, now, "Hour-Quota", "-Limit", "-Available", null, Duration.ofHours(1), quotas);
        read(headers, now, "Minute-Quota", "-Limit", "-Available", null, Duration.ofMinutes(1), quotas);
        read(headers, now, "Application-RateLimit", "-Limit", "-Remaining", "-Reset", Duration.ofHours(1), quotas);
        read(headers, now, "Burst-RateLimit", "-Limit", "-Remaining", "-Reset", Duration.ofMinutes(1), quotas);
        return quotas;
    }

    /** What the provider counted in its current window. */
    long used() {
        return Math.max(0, limit - remaining);
    }

    private static void read(HttpHeaders headers, Instant now, String prefix, String limitSuffix,
                             String remainingSuffix, String resetSuffix, Duration length, List<ProviderQuota> into) {
        OptionalLong limit = number(headers, prefix + limitSuffix);
        OptionalLong remaining = number(headers, prefix + remainingSuffix);
        if (limit.isEmpty() || remaining.isEmpty()) {
            return;
        }
        OptionalLong reset = resetSuffix == null ? OptionalLong.empty() : number(headers, prefix + resetSuffix);
        Instant end = reset.isPresent() ? Instant.ofEpochSecond(reset.getAsLong()) : alignedEnd(now, length);
        into.add(new ProviderQuota(prefix, length, limit.getAsLong(), remaining.getAsLong(), end));
    }

    private static Instant alignedEnd(Instant now, Duration length) {
        long seconds = length.toSeconds();
        long epoch = now.getEpochSecond();
        return Instant.ofEpochSecond(epoch - Math.floorMod(epoch, seconds) + seconds);
    }

    private static OptionalLong number(HttpHeaders headers, String name) {
        try {
            return headers.firstValue(name).map(v -> OptionalLong.of(Long.parseLong(v.trim())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
