package dev.mlsync.quota;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} whose every request passes a {@link Quota}: {@code send} and
 * {@code sendAsync} acquire before sending (blocking the calling thread, also for
 * {@code sendAsync}) and report the answer's status and headers afterwards (or the failure, when there
 * is no answer), and the body size of answers with a {@code Content-Length}. Everything else is
 * delegated; WebSockets bypass the quota (providers have none). Closing it closes the delegate.
 */
public final class QuotaHttpClient extends HttpClient {
    private final HttpClient delegate;
    private final Quota quota;
    private final Function<HttpRequest, RequestKind> kinds;

    private QuotaHttpClient(HttpClient delegate, Quota quota, Function<HttpRequest, RequestKind> kinds) {
        this.delegate = delegate;
        this.quota = quota;
        this.kinds = kinds;
    }

    /** Counts POSTs (the OAuth2 token request) as {@link RequestKind#TOKEN}, everything else as data. */
    public static QuotaHttpClient of(HttpClient delegate, Quota quota) {
        return of(delegate, quota, request -> "POST".equals(request.method()) ? RequestKind.TOKEN : RequestKind.DATA);
    }

    public static QuotaHttpClient of(HttpClient delegate, Quota quota, Function<HttpRequest, RequestKind> kinds) {
        return new QuotaHttpClient(delegate, quota, kinds);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        RequestKind kind = kinds.apply(request);
        quota.acquire(kind);
        HttpResponse<T> response;
        try {
            response = delegate.send(request, handler);
        } catch (IOException | InterruptedException | RuntimeException e) {
            quota.onFailure(kind);
            throw e;
        }
        answered(kind, response);
        return response;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        RequestKind kind = kinds.apply(request);
        try {
            quota.acquire(kind);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResponse<T>> sent = push == null
                ? delegate.sendAsync(request, handler) : delegate.sendAsync(request, handler, push);
        return sent.whenComplete((response, failure) -> {
            if (failure != null) {
                quota.onFailure(kind);
            }
        }).thenApply(response -> {
            answered(kind, response);
            return response;
        });
    }

    /** Reports the answer, and its body size when the server announced it. */
    private void answered(RequestKind kind, HttpResponse<?> response) {
        quota.onResponse(kind, response.statusCode(), response.headers());
        response.headers().firstValueAsLong("Content-Length").ifPresent(quota::recordBytes);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return delegate.awaitTermination(duration);
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public void shutdownNow() {
        delegate.shutdownNow();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
