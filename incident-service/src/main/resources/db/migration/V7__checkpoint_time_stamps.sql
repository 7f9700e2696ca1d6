-- A checkpoint's RFC 3161 time-stamp token (base64 DER) from the time-stamping authority configured by
-- aiim.incident.checkpoints.tsa-url, over the SHA-256 of the signed document (digest): set once, before publishing.
alter table integrity_checkpoint add column timestamp_token text;
