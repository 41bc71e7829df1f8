package dev.mlsync.sim;

import java.util.SplittableRandom;

/** PublicRemarks of 300–700 characters, rebuilt on demand from the seed, the listing and its remarks version. */
final class Remarks {
    private static final int MIN = 300;
    private static final int MAX = 700;

    private Remarks() {
    }

    static String of(long seed, Listing listing) {
        SplittableRandom r = new SplittableRandom(Dataset.mix(seed ^ (listing.number * 0x2545F4914F6CDD1DL)
                + listing.remarksVersion));
        String city = Vocabulary.CITIES.get(listing.city).name();
        StringBuilder text = new StringBuilder(MAX);
        int sentences = Vocabulary.REMARKS.size();
        int first = r.nextInt(sentences);
        for (int i = 0; text.length() < MIN && i < sentences; i++) {
            String sentence = Vocabulary.REMARKS.get((first + i * 7) % sentences);
            String filled = sentence.contains("%d") ? sentence.formatted(Math.max(1, listing.beds))
                    : sentence.contains("%s") ? sentence.formatted(city) : sentence;
            if (text.length() + filled.length() + 1 > MAX) {
                break;
            }
            text.append(text.isEmpty() ? "" : " ").append(filled);
        }
        return text.toString();
    }
}
