-- The signed checkpoints of the incident event chains, as incident-service published them on
-- aiim.integrity-checkpoints.v1, and the events each covers: an export names the newest checkpoint covering its
-- incident and proves the incident's event under the checkpoint's signed root. Written once (afterMigrate.sql).
create table integrity_checkpoint (
    checkpoint_id text        primary key,
    sequence      bigint      not null,         -- incident-service's order (not unique: its database may be made anew)
    taken_at      timestamptz not null,
    document      text        not null,         -- the signed document exactly as signed
    issuer_keys   text        not null          -- incident-service's JWK Set as published with it
);

create table integrity_checkpoint_leaf (
    checkpoint_id text    not null references integrity_checkpoint,
    leaf_index    integer not null,
    stream_id     text    not null,
    version       bigint  not null,
    hash          text    not null,
    primary key (checkpoint_id, leaf_index)
);

create index integrity_checkpoint_leaf_stream on integrity_checkpoint_leaf (stream_id, version);
