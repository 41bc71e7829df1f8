package dev.mlsync.source.reso;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.source.BrokenRecordException;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.RawRecord;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.io.EOFException;
import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.zip.ZipException;

/**
 * Streams one OData page: walks the top-level object with a {@link JsonParser}, parses each element
 * of {@code value} on its own and picks up {@code @odata.nextLink} before or after {@code value}.
 * An entry that is no JSON object (a number, string, literal or array) is handed out as a
 * {@link RawRecord#unreadable} stand-in, so it lands in sync_error and the rest of the page is stored.
 * Only the record being handed out is held in memory. The body is closed when the page ends, on the
 * first error, or on {@link #close()}.
 */
final class ODataPageReader implements PageReader {
    static final String NEXT_LINK = "@odata.nextLink";
    static final String COUNT = "@odata.count";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the page continues.
     *
     * @param keyset      the next page comes from the cursor: {@link #nextLink()} is always null
     * @param skipAllowed without a server nextLink, a full page is continued by advancing {@code $skip}
     */
    record Paging(boolean keyset, boolean skipAllowed) {
    }

    private final ODataGet.Body body;
    private final ProviderHttp http;
    private final Paging paging;
    private final HeadCapture head;
    private final JsonParser parser;
    /** Byte offset in the (decompressed) body where the record being read starts. */
    private long recordStart = -1;
    private ObjectNode pending;
    /** A stand-in for an entry that is no JSON object, handed out instead of {@link #pending}. */
    private RawRecord unreadable;
    private int count;
    private boolean inValue;
    private boolean sawValue;
    private boolean finished;
    private String serverLink;
    private long totalCount = -1;

    ODataPageReader(ODataGet.Body body, ProviderHttp http, Paging paging) {
        this.body = body;
        this.http = http;
        this.paging = paging;
        try {
            this.head = new HeadCapture(body.json());
            this.parser = JSON.getFactory().createParser(head);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("response is not a JSON object", null);
            }
            scanTopLevel();
        } catch (IOException e) {
            body.close();
            throw failure(e);
        } catch (RuntimeException e) {
            body.close();
            throw e;
        }
    }

    @Override
    public boolean hasNext() {
        if (pending != null || unreadable != null) {
            return true;
        }
        if (!inValue || finished) {
            return false;
        }
        try {
            return advance();
        } catch (IOException e) {
            close();
            throw failure(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (unreadable != null) {
            RawRecord standIn = unreadable;
            unreadable = null;
            return standIn;
        }
        RawRecord record = new RawRecord(pending, count - 1);
        pending = null;
        return record;
    }

    @Override
    public long totalCount() {
        return totalCount;
    }

    /** The server's nextLink, else a {@code $skip} link when a full page came without one; null in keyset mode. */
    @Override
    public String nextLink() {
        if (paging.keyset()) {
            return null;
        }
        if (serverLink != null) {
            return serverLink;
        }
        int top = top();
        boolean full = top > 0 && count >= top;
        return full && paging.skipAllowed() ? SkipLink.advance(body.uri(), count) : null;
    }

    /** Keyset: the page held exactly {@code $top} records; nextLink mode: a continuation exists. */
    @Override
    public boolean hasMore() {
        if (!paging.keyset()) {
            return nextLink() != null;
        }
        int top = top();
        return top > 0 && count >= top;
    }

    @Override
    public long bytesRead() {
        return body.counted().count();
    }

    /** Records parsed so far. */
    int count() {
        return count;
    }

    @Override
    public void close() {
        finished = true;
        pending = null;
        unreadable = null;
        try {
            parser.close();
        } catch (IOException ignored) {
            // the body is closed below regardless
        }
        body.close();
    }

    private boolean advance() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_OBJECT) {
            recordStart = parser.currentTokenLocation().getByteOffset();
            pending = parser.readValueAsTree();
            count++;
            return true;
        }
        if (token == JsonToken.END_ARRAY) {
            inValue = false;
            scanTopLevel();
            return false;
        }
        if (token == null) {
            throw malformed("truncated JSON at record " + count, null);
        }
        if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT) {
            throw malformed("broken JSON at record " + count, null);
        }
        // A number, string, literal or array where a record belongs: that entry is bad, the page goes on.
        recordStart = parser.currentTokenLocation().getByteOffset();
        String text;
        if (token == JsonToken.START_ARRAY) { // an array can be large: skipped, only its start kept
            parser.skipChildren();
            String start = head.text(recordStart);
            long length = parser.currentLocation().getByteOffset() - recordStart;
            text = start == null ? "[…]" : start.substring(0, (int) Math.max(1, Math.min(start.length(), length)));
        } else {
            JsonNode entry = parser.readValueAsTree();
            text = entry == null ? "null" : entry.toString();
        }
        unreadable = RawRecord.unreadable(count, "entry is not a JSON object but " + kind(token), text);
        count++;
        return true;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(token);
        };
    }

    /** Reads top-level fields until {@code value} opens or the object ends. */
    private void scanTopLevel() throws IOException {
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_OBJECT) {
                endOfPage();
                return;
            }
            if (token != JsonToken.FIELD_NAME) {
                throw malformed("truncated JSON " + where(), null);
            }
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (NEXT_LINK.equals(field)) {
                serverLink = value == JsonToken.VALUE_STRING ? parser.getText() : null;
            } else if (COUNT.equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                totalCount = parser.getLongValue();
            } else if ("value".equals(field)) {
                if (value != JsonToken.START_ARRAY) {
                    throw malformed("value is not an array", null);
                }
                inValue = true;
                sawValue = true;
                return;
            } else if (value == null) {
                throw malformed("truncated JSON " + where(), null);
            } else {
                parser.skipChildren();
            }
        }
    }

    private void endOfPage() {
        if (!sawValue) {
            throw malformed("response has no value array", null);
        }
        close();
    }

    private String where() {
        return sawValue ? "after record " + (count - 1) : "before the first record";
    }

    private int top() {
        String top = SkipLink.parameter(body.uri(), "$top");
        try {
            return top == null ? -1 : Integer.parseInt(top);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private SourceException failure(IOException e) {
        boolean broken = e instanceof JsonProcessingException || e instanceof EOFException || e instanceof ZipException;
        String at = inValue ? "at record " + count : where();
        if (broken) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString();
            if (inValue && e instanceof JsonParseException && !(e instanceof JsonEOFException)) {
                // The body goes on past the break: the record itself is broken, not the transfer.
                return new BrokenRecordException(http.message(body.resource(), body.uri(),
                        "record " + count + " is not valid JSON: " + reason), count, head.text(recordStart), e);
            }
            return malformed("broken JSON " + at + ": " + reason, e);
        }
        return new SourceException(Category.NETWORK, 200, http.message(body.resource(), body.uri(),
                "reading the page failed " + at + ": " + e), e);
    }

    private SourceException malformed(String detail, Throwable cause) {
        return new SourceException(Category.MALFORMED, 200, http.message(body.resource(), body.uri(), detail), cause);
    }
}
