package dev.mlsync.sim;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GetObject for Property photos. {@code ID=key:*} asks for every photo of a listing in display order, {@code key:1:3}
 * for photos 1 and 3, {@code key:0} for the preferred one; several listings are comma-separated. Object-ID n is the
 * n-th MediaKey of the listing in the truth, and its bytes are exactly what {@code /media/{MediaKey}.jpg} serves. One
 * object answers single-part, more answer {@code multipart/parallel}; an object that does not exist is a text/xml
 * part with ReplyCode 20403. {@code Location=1} sends {@code Location:} headers pointing at {@code /media/} instead
 * of bytes.
 */
final class RetsObjects {
    private static final String CRLF = "\r\n";

    private final SimState state;
    private final String origin;
    private final String boundary;
    private final JpegRenderer jpegs = new JpegRenderer();

    RetsObjects(SimState state, String origin, long seed) {
        this.state = state;
        this.origin = origin;
        this.boundary = "simMLS" + String.format("%016x", Dataset.mix(seed ^ 0xB0DA7L));
    }

    /** One requested object: found (photo set) or not (error set). */
    private record Part(String listingKey, int objectId, JpegRenderer.Photo photo, String caption, String error) {
    }

    void getObject(HttpExchange exchange, QueryString params, Reply reply, SimFaults.Kind fault) throws Exception {
        String resource = params.get("Resource");
        if (!RetsSchema.RESOURCE.equals(resource)) {
            throw new RetsException(RetsException.INVALID_RESOURCE, "Invalid Resource '" + resource + "'; objects exist for "
                    + RetsSchema.RESOURCE);
        }
        if (!"Photo".equals(params.get("Type"))) {
            throw new RetsException(RetsException.INVALID_OBJECT_TYPE, "Invalid Type '" + params.get("Type")
                    + "'; the only object type is Photo");
        }
        boolean location = "1".equals(params.get("Location"));
        List<Part> parts = state.read(() -> parts(params.get("ID")));
        if (parts.size() == 1 && parts.getFirst().error() != null) {
            throw new RetsException(RetsException.NO_OBJECT, parts.getFirst().error());
        }
        int damaged = fault == SimFaults.Kind.CORRUPT_JPEG ? parts.size() / 2 : -1;
        int missing = fault == SimFaults.Kind.MISSING_MEDIA && parts.size() > 1 ? parts.size() / 2 : -1;
        exchange.getResponseHeaders().set("MIME-Version", "1.0");
        if (parts.size() == 1 && missing < 0) {
            single(exchange, parts.getFirst(), location, damaged == 0, reply);
            return;
        }
        List<Part> served = new ArrayList<>(parts);
        if (missing >= 0) {
            Part p = served.get(missing);
            served.set(missing, new Part(p.listingKey(), p.objectId(), null, null, "Object " + p.objectId()
                    + " of " + p.listingKey() + " is temporarily unavailable"));
        }
        reply.send(200, "multipart/parallel; boundary=\"" + boundary + "\"", out -> {
            for (int i = 0; i < served.size(); i++) {
                writePart(out, served.get(i), location, i == damaged);
            }
            ascii(out, CRLF + "--" + boundary + "--" + CRLF);
        });
    }

    private List<Part> parts(String id) {
        if (id == null || id.isBlank()) {
            throw new RetsException(RetsException.INVALID_IDENTIFIER, "ID is required, e.g. ID=SIM1000001:*");
        }
        List<Part> parts = new ArrayList<>();
        for (String entry : id.split(",")) {
            String[] pieces = entry.trim().split(":");
            String key = pieces[0];
            Listing listing = state.listing(key);
            List<String> objectIds = pieces.length == 1 ? List.of("*") : List.of(pieces).subList(1, pieces.length);
            for (String objectId : objectIds) {
                addParts(parts, key, listing, objectId);
            }
        }
        return parts;
    }

    private void addParts(List<Part> parts, String key, Listing listing, String objectId) {
        int count = listing == null ? 0 : listing.mediaCount();
        if (objectId.equals("*")) {
            if (count == 0) {
                parts.add(new Part(key, 0, null, null, "No Object Found: " + key + " has no photos"));
            }
            for (int i = 0; i < count; i++) {
                parts.add(found(listing, i + 1, i));
            }
            return;
        }
        int n;
        try {
            n = Integer.parseInt(objectId);
        } catch (NumberFormatException e) {
            throw new RetsException(RetsException.INVALID_IDENTIFIER, "Invalid object id '" + objectId + "' in ID; use "
                    + "key:*, key:1:3 or key:0");
        }
        if (n == 0 && count > 0) {
            parts.add(found(listing, 0, 0));
        } else if (n >= 1 && n <= count) {
            parts.add(found(listing, n, n - 1));
        } else {
            parts.add(new Part(key, n, null, null, "No Object Found: " + key + " has no photo " + n));
        }
    }

    private static Part found(Listing listing, int objectId, int index) {
        MediaRow row = new MediaRow(listing, index);
        return new Part(listing.key, objectId, JpegRenderer.Photo.of(row), caption(row), null);
    }

    private static String caption(MediaRow row) {
        return MediaTable.caption(row);
    }

    private String url(Part part) {
        return origin + Router.MEDIA + part.photo().key() + ".jpg";
    }

    private void single(HttpExchange exchange, Part part, boolean location, boolean damaged, Reply reply)
            throws IOException {
        exchange.getResponseHeaders().set("Content-ID", part.listingKey());
        exchange.getResponseHeaders().set("Object-ID", String.valueOf(part.objectId()));
        exchange.getResponseHeaders().set("Content-Description", part.caption());
        if (part.objectId() <= 1) {
            exchange.getResponseHeaders().set("Preferred", "1");
        }
        if (location) {
            exchange.getResponseHeaders().set("Location", url(part));
            reply.send(200, "image/jpeg", out -> {
            });
            return;
        }
        byte[] jpeg = bytes(part, damaged);
        reply.send(200, "image/jpeg", out -> out.write(jpeg));
    }

    private void writePart(OutputStream out, Part part, boolean location, boolean damaged) throws IOException {
        StringBuilder head = new StringBuilder(CRLF + "--" + boundary + CRLF);
        if (part.error() != null) {
            String xml = RetsXml.reply(RetsException.NO_OBJECT, part.error());
            head.append("Content-Type: text/xml").append(CRLF).append("Content-ID: ").append(part.listingKey()).append(CRLF)
                    .append("Object-ID: ").append(part.objectId()).append(CRLF).append("Content-Length: ")
                    .append(xml.length()).append(CRLF).append(CRLF).append(xml);
            ascii(out, head.toString());
            return;
        }
        byte[] jpeg = location ? new byte[0] : bytes(part, damaged);
        head.append("Content-Type: image/jpeg").append(CRLF).append("Content-ID: ").append(part.listingKey()).append(CRLF)
                .append("Object-ID: ").append(part.objectId()).append(CRLF);
        if (location) {
            head.append("Location: ").append(url(part)).append(CRLF);
        }
        head.append("Content-Description: ").append(part.caption()).append(CRLF);
        if (part.objectId() <= 1) {
            head.append("Preferred: 1").append(CRLF);
        }
        head.append("Content-Length: ").append(jpeg.length).append(CRLF).append(CRLF);
        ascii(out, head.toString());
        out.write(jpeg);
    }

    private byte[] bytes(Part part, boolean damaged) {
        byte[] jpeg = jpegs.render(part.photo());
        return damaged ? Router.corrupted(jpeg) : jpeg;
    }

    private static void ascii(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
}
