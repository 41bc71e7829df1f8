package dev.mlsync.cli;

import dev.mlsync.sim.SimLimits;
import dev.mlsync.sim.Simulator;
import dev.mlsync.sim.TruthRecord;
import dev.mlsync.store.ReplicaAudit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code bench chaos} finds when it compares the replica, the photo store and the request log with the
 * simulator's truth. Every count is 0 when mlsync converged.
 *
 * @param missing         live records at the provider that the replica lacks (or has marked deleted)
 * @param extra           records live in the replica that the provider deleted or never had
 * @param stale           records whose ModificationTimestamp differs from the provider's
 * @param mediaMissing    desired photos of live listings not stored (or whose object is not in the store)
 * @param mediaWrong      stored photos whose recorded or actual bytes differ from the provider's (SHA-256)
 * @param orphans         objects in the store that no stored original or derivative row references (temporary
 *                        files of writes in progress excluded; objects of gone photos are {@code goneStored})
 * @param goneStored      photos gone from the provider whose object is still in the store
 * @param duplicates      objects with the same bytes as another object (each photo is stored once)
 * @param windowsExceeded rate windows the request log shows over the enforced limits
 * @param suspensions     suspensions the simulator imposed
 * @param examples        a few of the differences, to start a diagnosis from
 */
record ChaosVerdict(long missing, long extra, long stale, long mediaMissing, long mediaWrong, long orphans,
                    long goneStored, long duplicates, long windowsExceeded, long suspensions,
                    Map<String, Long> byResource, long photos, List<String> examples) {
    private static final int MAX_EXAMPLES = 12;

    boolean converged() {
        return missing + extra + stale + mediaMissing + mediaWrong + orphans + goneStored + duplicates
                + windowsExceeded + suspensions == 0;
    }

    static ChaosVerdict of(Simulator sim, ReplicaAudit audit, String feedId, List<String> resources, Path store,
                           SimLimits limits) throws IOException {
        Tally tally = new Tally();
        List<TruthRecord> properties = sim.truth("Property");
        tally.compare("Property", properties, audit.listings(feedId));
        for (String resource : resources) {
            if (!resource.equals("Property")) {
                tally.compare(resource, sim.truth(resource), audit.records(feedId, resource));
            }
        }
        tally.photos(sim, properties, audit.photos(feedId), audit.derivativeObjectKeys(feedId), store);
        tally.windowsExceeded = sim.windowsExceeded(limits).size();
        tally.suspensions = sim.suspensions().size();
        if (tally.windowsExceeded > 0) {
            tally.example("window exceeded: " + sim.windowsExceeded(limits).getFirst());
        }
        return new ChaosVerdict(tally.missing, tally.extra, tally.stale, tally.mediaMissing, tally.mediaWrong,
                tally.orphans, tally.goneStored, tally.duplicates, tally.windowsExceeded, tally.suspensions,
                tally.byResource, tally.photos, List.copyOf(tally.examples));
    }

    static final class Tally {
        long missing;
        long extra;
        long stale;
        long mediaMissing;
        long mediaWrong;
        long orphans;
        long goneStored;
        long duplicates;
        long windowsExceeded;
        long suspensions;
        long photos;
        final Map<String, Long> byResource = new LinkedHashMap<>();
        final List<String> examples = new ArrayList<>();

        void example(String text) {
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(text);
            }
        }

        void compare(String resource, List<TruthRecord> truth, Map<String, ReplicaAudit.Stored> stored) {
            Map<String, ReplicaAudit.Stored> left = new HashMap<>(stored);
            long live = 0;
            for (TruthRecord record : truth) {
                ReplicaAudit.Stored row = left.remove(record.key());
                if (record.deleted()) {
                    if (row != null && !row.deleted()) {
                        extra++;
                        example(resource + " " + record.key() + ": deleted at the provider, live in the replica");
                    }
                    continue;
                }
                live++;
                if (row == null || row.deleted()) {
                    missing++;
                    example(resource + " " + record.key() + ": " + (row == null ? "missing" : "marked deleted"));
                } else if (!row.modificationTimestamp().equals(record.modificationTimestamp())) {
                    stale++;
                    example(resource + " " + record.key() + ": stale, " + row.modificationTimestamp() + " instead of "
                            + record.modificationTimestamp());
                }
            }
            left.forEach((key, row) -> {
                if (!row.deleted()) {
                    extra++;
                    example(resource + " " + key + ": in the replica, never at the provider");
                }
            });
            byResource.put(resource, live);
        }

        void photos(Simulator sim, List<TruthRecord> properties, List<ReplicaAudit.Photo> rows,
                    List<String> derivativeKeys, Path store) throws IOException {
            Map<String, ReplicaAudit.Photo> byKey = new HashMap<>();
            rows.forEach(row -> byKey.put(row.mediaKey(), row));
            Set<String> needed = new HashSet<>();
            for (TruthRecord listing : properties) {
                if (listing.deleted()) {
                    continue;
                }
                for (String mediaKey : listing.mediaKeys()) {
                    photos++;
                    checkPhoto(sim, mediaKey, byKey.remove(mediaKey), store, needed);
                }
            }
            Set<String> referenced = new HashSet<>(derivativeKeys);
            rows.stream().filter(row -> row.state().equals("stored") && row.objectKey() != null)
                    .forEach(row -> referenced.add(row.objectKey()));
            Set<String> goneObjects = new HashSet<>();
            for (ReplicaAudit.Photo gone : byKey.values()) {
                if (gone.objectKey() != null && !needed.contains(gone.objectKey())
                        && Files.exists(store.resolve(gone.objectKey()))) {
                    goneStored++;
                    goneObjects.add(gone.objectKey());
                    example("photo " + gone.mediaKey() + " (" + gone.state() + "): gone at the provider, object "
                            + gone.objectKey() + " still stored");
                }
            }
            storeContents(store, referenced, goneObjects);
        }

        private void checkPhoto(Simulator sim, String mediaKey, ReplicaAudit.Photo row, Path store, Set<String> needed)
                throws IOException {
            if (row == null || !row.state().equals("stored") || row.deleted() || row.objectKey() == null
                    || !Files.isRegularFile(store.resolve(row.objectKey()))) {
                mediaMissing++;
                example("photo " + mediaKey + ": " + (row == null ? "no row" : row.state()
                        + (row.objectKey() == null ? "" : ", object " + row.objectKey())) + ", not in the store");
                return;
            }
            needed.add(row.objectKey());
            String expected = sim.photoSha256(mediaKey).orElse("?");
            String actual = sha256(store.resolve(row.objectKey()));
            if (!expected.equals(row.sha256()) || !expected.equals(actual)) {
                mediaWrong++;
                example("photo " + mediaKey + ": SHA-256 " + actual + " in the store, " + row.sha256()
                        + " recorded, " + expected + " at the provider");
            }
        }

        /**
         * Every object in the store is one a stored original or derivative row references (or a gone photo's, counted
         * apart), and no two hold the same bytes. Temporary files of writes ({@code .put-…}, any dot-file: no object
         * key segment starts with a dot) are not objects.
         */
        void storeContents(Path store, Set<String> referenced, Set<String> goneObjects) throws IOException {
            if (!Files.isDirectory(store)) {
                return;
            }
            Map<String, String> byDigest = new HashMap<>();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(store)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(file -> !file.getFileName().toString().startsWith(".")).toList();
            }
            for (Path file : files) {
                String key = store.relativize(file).toString().replace('\\', '/');
                if (goneObjects.contains(key)) {
                    continue;
                }
                if (!referenced.contains(key)) {
                    orphans++;
                    example("object " + key + ": in the store, referenced by no stored photo or derivative");
                    continue;
                }
                String previous = byDigest.putIfAbsent(sha256(file), key);
                if (previous != null) {
                    duplicates++;
                    example("object " + key + ": same bytes as " + previous);
                }
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
