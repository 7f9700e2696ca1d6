-- The checkpoint's RFC 3161 time-stamp token as incident-service published it (null when it has no authority set).
alter table integrity_checkpoint add column timestamp_token text;
