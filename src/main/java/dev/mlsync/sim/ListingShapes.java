package dev.mlsync.sim;

import java.util.SplittableRandom;

/** Plausible physical facts and prices per property kind. */
final class ListingShapes {
    private static final int LAND = 2;
    private static final int COMMERCIAL = 4;
    private static final int LEASE = 1;
    private static final int INCOME = 3;

    private ListingShapes() {
    }

    static Listing.ListingShape shape(SplittableRandom r, int kind) {
        Vocabulary.PropertyKind pk = Vocabulary.KINDS.get(kind);
        int subType = r.nextInt(pk.subTypes().size());
        String sub = pk.subTypes().get(subType);
        int cityIndex = r.nextInt(Vocabulary.CITIES.size());
        Vocabulary.City city = Vocabulary.CITIES.get(cityIndex);
        boolean attached = sub.equals("Condominium") || sub.equals("Apartment") || sub.equals("Townhouse");
        int beds = beds(r, kind, attached);
        return new Listing.ListingShape(kind, subType, cityIndex, 100 + r.nextInt(19_900),
                r.nextInt(Vocabulary.STREETS.size()), r.nextInt(Vocabulary.SUFFIXES.size()),
                attached ? String.valueOf(100 + r.nextInt(900)) : (r.nextInt(50) == 0 ? "B" : null),
                String.valueOf(city.postalBase() + r.nextInt(6)),
                round6(city.latitude() + (r.nextDouble() - 0.5) * 0.1),
                round6(city.longitude() + (r.nextDouble() - 0.5) * 0.1),
                beds, beds == 0 ? 0 : Math.max(1, beds / 2 + r.nextInt(2)), beds == 0 ? 0 : r.nextInt(3),
                livingArea(r, kind, beds), kind == LAND ? 0 : 1900 + r.nextInt(126), lotAcres(r, kind, attached));
    }

    private static int beds(SplittableRandom r, int kind, boolean attached) {
        if (kind == LAND || kind == COMMERCIAL) {
            return 0;
        }
        if (kind == INCOME) {
            return 4 + r.nextInt(6);
        }
        return attached ? 1 + r.nextInt(3) : 2 + r.nextInt(4);
    }

    private static int livingArea(SplittableRandom r, int kind, int beds) {
        if (kind == COMMERCIAL) {
            return 2000 + r.nextInt(20_000);
        }
        return beds == 0 ? 0 : 450 + beds * 380 + r.nextInt(900);
    }

    private static double lotAcres(SplittableRandom r, int kind, boolean attached) {
        if (kind == LAND) {
            return round2(0.5 + r.nextDouble() * 39.5);
        }
        return attached ? round2(0.01 + r.nextDouble() * 0.05) : round2(0.08 + r.nextDouble() * 0.5);
    }

    static long price(SplittableRandom r, int kind) {
        double g = r.nextGaussian();
        return switch (kind) {
            case LEASE -> round(2500 * Math.exp(g * 0.3), 50);
            case LAND -> Math.max(20_000, round(150_000 * Math.exp(g * 0.8), 1000));
            case INCOME -> round(650_000 * Math.exp(g * 0.35), 1000);
            case COMMERCIAL -> round(1_200_000 * Math.exp(g * 0.7), 1000);
            default -> Math.max(80_000, round(420_000 * Math.exp(g * 0.45), 1000));
        };
    }

    static long round(double value, int unit) {
        return Math.round(value / unit) * unit;
    }

    private static double round6(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
