package dev.mlsync.sim;

/** One Media record: the {@code index}-th photo (in display order) of a listing. */
record MediaRow(Listing listing, int index) {

    String key() {
        return listing.mediaKey(index);
    }
}
