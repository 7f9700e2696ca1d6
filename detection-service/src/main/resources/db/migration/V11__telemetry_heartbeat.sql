-- The heartbeat monitor asks each minute when a system's newest telemetry arrived: one index entry per
-- stored batch (a batch holds up to 10,000 predictions) answers it without reading the system's batches.
create index prediction_batch_received on prediction_batch (system_id, received_at desc);
