package dev.mlsync.web;

import dev.mlsync.quota.Quota;
import dev.mlsync.quota.QuotaProbe;
import dev.mlsync.quota.QuotaView;
import dev.mlsync.quota.RequestKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.http.HttpHeaders;
import java.util.Locale;

/** A feed's quota that also counts every answered request by feed, kind and HTTP status. */
final class MeteredQuota implements Quota {
    private final Quota delegate;
    private final String feedId;
    private final MeterRegistry registry;

    MeteredQuota(Quota delegate, String feedId, MeterRegistry registry) {
        this.delegate = delegate;
        this.feedId = feedId;
        this.registry = registry;
    }

    @Override
    public QuotaProbe tryAcquire(RequestKind kind) {
        return delegate.tryAcquire(kind);
    }

    @Override
    public void acquire(RequestKind kind) throws InterruptedException {
        delegate.acquire(kind);
    }

    @Override
    public void onResponse(RequestKind kind, int status, HttpHeaders headers) {
        Counter.builder("mlsync.requests").description("Requests sent to providers, by answer status")
                .tag("feed", feedId).tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .tag("status", String.valueOf(status)).register(registry).increment();
        delegate.onResponse(kind, status, headers);
    }

    @Override
    public void onFailure(RequestKind kind) {
        delegate.onFailure(kind);
    }

    @Override
    public void recordBytes(long bytes) {
        delegate.recordBytes(bytes);
    }

    @Override
    public QuotaView view() {
        return delegate.view();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
