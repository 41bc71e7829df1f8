package dev.mlsync.source.rets;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.function.Function;
import javax.xml.stream.XMLStreamException;

/**
 * A GetObject answer read object by object: a {@code multipart/parallel} body part by part, or a
 * single object whose headers are the response's. A text/xml part (or answer) carrying a non-zero
 * RETS reply is that object's error (20403: no such object); with reply 0 and a Location header it is
 * a Location answer.
 */
final class ObjectAnswer implements Closeable {
    static final long MAX_XML_PART_BYTES = 1024 * 1024;

    /** One object, or the RETS error that stands in its place ({@code reply} not null). */
    record Item(RetsObject object, RetsReply reply) {
        boolean failed() {
            return reply != null && !reply.isSuccess();
        }
    }

    private final InputStream body;
    private final MultipartReader multipart;
    private final HttpHeaders headers;
    private boolean singleDone;

    private ObjectAnswer(InputStream body, MultipartReader multipart, HttpHeaders headers) {
        this.body = body;
        this.multipart = multipart;
        this.headers = headers;
    }

    static ObjectAnswer of(HttpHeaders headers, InputStream body) throws IOException {
        String type = headers.firstValue("Content-Type").orElse("");
        if (type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            String boundary = MultipartReader.boundary(type);
            if (boundary == null || boundary.isEmpty()) {
                body.close();
                throw new IOException("multipart answer without a boundary: " + type);
            }
            return new ObjectAnswer(body, new MultipartReader(body, boundary), headers);
        }
        return new ObjectAnswer(body, null, headers);
    }

    /** The next object, or null when there are no more. */
    Item next() throws IOException, XMLStreamException {
        if (multipart == null) {
            if (singleDone) {
                return null;
            }
            singleDone = true;
            return item(name -> headers.firstValue(name).orElse(null), body);
        }
        MultipartReader.Part part = multipart.next();
        return part == null ? null : item(part::header, part.body());
    }

    private static Item item(Function<String, String> header, InputStream content) throws IOException, XMLStreamException {
        String type = header.apply("Content-Type");
        RetsObject object = new RetsObject(strip(header.apply("Content-ID")), strip(header.apply("Object-ID")),
                type, strip(header.apply("Location")), header.apply("Content-Description"),
                "1".equals(strip(header.apply("Preferred"))), content);
        if (type == null || !type.toLowerCase(Locale.ROOT).contains("xml")) {
            return new Item(object, null);
        }
        byte[] xml = content.readNBytes((int) MAX_XML_PART_BYTES);
        CompactResult reply = CompactResult.read(new ByteArrayInputStream(xml), MAX_XML_PART_BYTES);
        RetsObject withoutBody = new RetsObject(object.contentId(), object.objectId(), type, object.location(),
                object.description(), object.preferred(), InputStream.nullInputStream());
        return new Item(withoutBody, reply.reply());
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    @Override
    public void close() throws IOException {
        if (multipart != null) {
            multipart.close();
        }
        body.close();
    }
}
