/**
 * The RESO Web API simulator: a deterministic OData server on 127.0.0.1 used as demo feed, test bed and
 * benchmark target.
 *
 * <p>Public API: {@link dev.mlsync.sim.Simulator} started with {@link dev.mlsync.sim.SimOptions}; it imitates
 * one {@link dev.mlsync.sim.SimProfile} (caps, paging style, deletion signal, auth). State is compact per listing
 * and JSON is streamed on demand. Off by default: per-credential rate limits ({@link dev.mlsync.sim.SimLimits},
 * with quota headers, 429 and MLS Grid style suspensions) and deterministic fault injection
 * ({@link dev.mlsync.sim.SimFaults}); {@link dev.mlsync.sim.RequestLogCheck} audits a request log against limits.
 * Everything else in the package is implementation.
 *
 * <p>HTTP surface: {@code /odata/{Property|Member|Office|OpenHouse|Media}}, {@code /odata/Property/replication}
 * (BRIDGE), {@code /odata/$metadata}, {@code /media/{MediaKey}.jpg}, {@code POST /trestle/oidc/connect/token},
 * and the control endpoints {@code POST /_sim/advance?minutes=}, {@code GET /_sim/truth?resource=},
 * {@code POST /_sim/corrupt?resource=&key=&field=&json=}, {@code GET /_sim/requests}, {@code POST /_sim/touch?key=}.
 *
 * <p>{@link dev.mlsync.sim.SimProfile#RETS} serves the same dataset as a RETS 1.7.2 server instead of OData:
 * {@code /rets2_1/Login}, {@code Search}, {@code GetMetadata}, {@code GetObject}, {@code Logout}, configured by
 * {@link dev.mlsync.sim.RetsOptions}, and {@code POST /_sim/rets/expire}.
 */
package dev.mlsync.sim;
