package dev.mlsync.source.rets;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The one way RETS XML is read: a StAX parser that refuses DTDs and external entities, so a hostile
 * or broken server cannot make mlsync fetch files or expand entities, over a body whose size is capped.
 */
final class RetsXml {
    /** Largest search or metadata body read (a 2,500-row page of 300 fields is ~20 MB). */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private static final String LAZY_PARSING = "com.ctc.wstx.lazyParsing";
    private static final XMLInputFactory FACTORY = hardened();

    private RetsXml() {
    }

    static XMLStreamReader reader(InputStream body, long maxBytes) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(new Capped(body, maxBytes));
    }

    private static XMLInputFactory hardened() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        // Woodstox (when it is the StAX implementation) otherwise reports a bad entity or broken text as an
        // unchecked WstxLazyException from getText(), which escapes every XMLStreamException handler.
        if (factory.isPropertySupported(LAZY_PARSING)) {
            factory.setProperty(LAZY_PARSING, false);
        }
        return factory;
    }

    /** Thrown (as an IOException the parser passes on) when a body exceeds its cap. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("body is larger than " + limit + " bytes");
        }
    }

    /** An input stream that fails once more than {@code limit} bytes have been read. */
    static final class Capped extends FilterInputStream {
        private final long limit;
        private long read;

        Capped(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLargeException {
            read += n;
            if (read > limit) {
                throw new TooLargeException(limit);
            }
        }
    }
}
