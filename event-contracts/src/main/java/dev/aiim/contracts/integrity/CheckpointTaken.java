package dev.aiim.contracts.integrity;

import dev.aiim.contracts.Nullable;

import java.util.List;

/**
 * incident-service signed a checkpoint of the incident event chains. {@code checkpoint} is the signed JSON document
 * exactly as signed (its id, sequence, time, leaf count, Merkle root, previous checkpoint, and an EdDSA signature);
 * {@code leaves} are the events it covers, so that a reader can rebuild the tree and prove any one of them;
 * {@code keys} is incident-service's JWK Set when it published (the one at {@code /.well-known/jwks.json});
 * {@code timestamp}, when a time-stamping authority is configured, its RFC 3161 token (base64 DER) over the SHA-256
 * of the signed document's RFC 8785 form.
 */
public record CheckpointTaken(String checkpoint, List<CheckpointLeaf> leaves, String keys,
                              @Nullable String timestamp) {
}
