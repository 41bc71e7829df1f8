package dev.mlsync.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The simulator's own endpoints under {@code /_sim/}: advance, truth, corrupt, the request log and suspensions. */
final class ControlEndpoints {
    static final String ROOT = "/_sim/";
    private static final long MINUTE = 60_000L;

    private final Simulator simulator;
    private final JsonFactory json = JsonFactory.builder().disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    ControlEndpoints(Simulator simulator) {
        this.simulator = simulator;
    }

    void handle(String name, QueryString query, Reply reply) throws IOException {
        switch (name) {
            case "advance" -> advance(query, reply);
            case "truth" -> truth(query, reply);
            case "corrupt" -> corrupt(query, reply);
            case "break" -> breakRecord(query, reply);
            case "requests" -> requests(reply);
            case "touch" -> touch(query, reply);
            case "drop" -> drop(query, reply);
            case "rets/expire" -> reply.send(200, "application/json", out -> writeObject(out,
                    gen -> gen.writeNumberField("expired", simulator.expireRetsSessions())));
            case "suspensions" -> suspensions(reply);
            default -> throw new SimHttpException(404, "No simulator endpoint " + ROOT + name);
        }
    }

    private void advance(QueryString query, Reply reply) throws IOException {
        double minutes = parseMinutes(query.get("minutes"));
        ChangeSummary s = simulator.advanceMillis(Math.round(minutes * MINUTE));
        reply.send(200, "application/json", out -> writeObject(out, gen -> {
            gen.writeStringField("from", Values.timestamp(s.from().toEpochMilli()));
            gen.writeStringField("to", Values.timestamp(s.to().toEpochMilli()));
            gen.writeNumberField("created", s.created());
            gen.writeNumberField("priceChanges", s.priceChanges());
            gen.writeNumberField("statusChanges", s.statusChanges());
            gen.writeNumberField("photoChanges", s.photoChanges());
            gen.writeNumberField("deleted", s.deleted());
            gen.writeNumberField("otherResourceChanges", s.otherResourceChanges());
        }));
    }

    private static double parseMinutes(String text) {
        try {
            double minutes = text == null ? 60 : Double.parseDouble(text);
            if (minutes < 0 || Double.isNaN(minutes)) {
                throw new NumberFormatException();
            }
            return minutes;
        } catch (NumberFormatException e) {
            throw SimHttpException.badRequest("minutes must be a non-negative number, was '" + text + "'");
        }
    }

    private void touch(QueryString query, Reply reply) throws IOException {
        if (!query.has("key")) {
            throw SimHttpException.badRequest("touch needs the query parameter 'key' (a ListingKey)");
        }
        java.time.Instant at;
        try {
            at = simulator.touch(query.get("key"));
        } catch (IllegalArgumentException e) {
            throw new SimHttpException(404, e.getMessage());
        }
        reply.send(200, "application/json", out -> writeObject(out, gen -> {
            gen.writeStringField("key", query.get("key"));
            gen.writeStringField("modificationTimestamp", Values.timestamp(at.toEpochMilli()));
        }));
    }

    private void drop(QueryString query, Reply reply) throws IOException {
        if (!query.has("key")) {
            throw SimHttpException.badRequest("drop needs the query parameter 'key' (a ListingKey)");
        }
        try {
            simulator.drop(query.get("key"));
        } catch (IllegalArgumentException e) {
            throw new SimHttpException(404, e.getMessage());
        }
        reply.send(200, "application/json", out -> writeObject(out, gen -> gen.writeStringField("dropped", query.get("key"))));
    }

    private void truth(QueryString query, Reply reply) throws IOException {
        String resource = query.has("resource") ? query.get("resource") : "Property";
        requireResource(resource);
        List<TruthRecord> truth = simulator.truth(resource);
        reply.send(200, "application/x-ndjson", out -> {
            for (TruthRecord t : truth) {
                writeObject(out, gen -> {
                    gen.writeStringField("key", t.key());
                    gen.writeStringField("modificationTimestamp", Values.timestamp(t.modificationTimestamp().toEpochMilli()));
                    gen.writeBooleanField("deleted", t.deleted());
                    gen.writeArrayFieldStart("mediaKeys");
                    for (String key : t.mediaKeys()) {
                        gen.writeString(key);
                    }
                    gen.writeEndArray();
                });
                out.write('\n');
            }
        });
    }

    private void corrupt(QueryString query, Reply reply) throws IOException {
        for (String required : List.of("resource", "key", "field")) {
            if (!query.has(required)) {
                throw SimHttpException.badRequest("corrupt needs the query parameter '" + required + "'");
            }
        }
        requireResource(query.get("resource"));
        simulator.corrupt(query.get("resource"), query.get("key"), query.get("field"), query.get("json"));
        reply.send(200, "application/json", out -> writeObject(out, gen -> gen.writeBooleanField("ok", true)));
    }

    private void breakRecord(QueryString query, Reply reply) throws IOException {
        for (String required : List.of("resource", "key")) {
            if (!query.has(required)) {
                throw SimHttpException.badRequest("break needs the query parameter '" + required + "'");
            }
        }
        requireResource(query.get("resource"));
        simulator.breakRecord(query.get("resource"), query.get("key"));
        reply.send(200, "application/json", out -> writeObject(out, gen -> gen.writeBooleanField("ok", true)));
    }

    private void requireResource(String resource) {
        if (!simulator.hasResource(resource)) {
            throw SimHttpException.badRequest("Unknown resource '" + resource
                    + "'; expected Property, Member, Office, OpenHouse or Media");
        }
    }

    private void requests(Reply reply) throws IOException {
        List<RequestLogEntry> log = simulator.requests();
        reply.send(200, "application/x-ndjson", out -> {
            for (RequestLogEntry e : log) {
                writeObject(out, gen -> {
                    gen.writeStringField("at", e.at().toString());
                    gen.writeStringField("received", e.received().toString());
                    gen.writeNumberField("sequence", e.sequence());
                    gen.writeStringField("method", e.method());
                    gen.writeStringField("pathAndQuery", e.pathAndQuery());
                    gen.writeNumberField("status", e.status());
                    gen.writeNumberField("bytes", e.bytes());
                    if (e.credential() != null) {
                        gen.writeStringField("credential", e.credential());
                    }
                });
                out.write('\n');
            }
        });
    }

    private void suspensions(Reply reply) throws IOException {
        List<Suspension> suspensions = simulator.suspensions();
        reply.send(200, "application/x-ndjson", out -> {
            for (Suspension s : suspensions) {
                writeObject(out, gen -> {
                    gen.writeStringField("credential", s.credential());
                    gen.writeStringField("limit", s.limit());
                    gen.writeStringField("from", s.from().toString());
                    gen.writeStringField("until", s.until().toString());
                });
                out.write('\n');
            }
        });
    }

    private interface Fields {
        void write(JsonGenerator gen) throws IOException;
    }

    private void writeObject(OutputStream out, Fields fields) throws IOException {
        try (JsonGenerator gen = json.createGenerator(out)) {
            gen.writeStartObject();
            fields.write(gen);
            gen.writeEndObject();
        }
    }
}
