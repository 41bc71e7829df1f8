package dev.mlsync.source.rets;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * One object of a GetObject answer (a photo, usually): which listing and object it is, its type, the
 * URL the server gave instead of bytes ({@code Location=1}), and the bytes as a stream. Close it to
 * release the connection.
 *
 * @param contentId   the resource entity, i.e. the listing key
 * @param objectId    the object's number within the listing (1-based; 0 is the preferred photo)
 * @param contentType the part's Content-Type, e.g. image/jpeg
 * @param location    the object's URL when the server answered with one, else null
 * @param description Content-Description, or null
 * @param preferred   the server marked it {@code Preferred: 1}
 * @param body        the object's bytes (empty for a Location answer)
 */
public record RetsObject(String contentId, String objectId, String contentType, String location, String description,
                         boolean preferred, InputStream body) implements Closeable {
    @Override
    public void close() throws IOException {
        if (body != null) {
            body.close();
        }
    }
}
