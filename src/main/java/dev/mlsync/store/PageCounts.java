package dev.mlsync.store;

/** What committing one page changed. */
public record PageCounts(int added, int updated, int deleted, int unchanged, int failed, int media) {
    public static final PageCounts ZERO = new PageCounts(0, 0, 0, 0, 0, 0);

    public PageCounts plus(PageCounts other) {
        return new PageCounts(added + other.added, updated + other.updated, deleted + other.deleted,
                unchanged + other.unchanged, failed + other.failed, media + other.media);
    }

    public int records() {
        return added + updated + deleted + unchanged;
    }
}
