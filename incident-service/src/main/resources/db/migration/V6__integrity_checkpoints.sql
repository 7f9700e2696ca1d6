-- Signed checkpoints of the event chains (docs/incidents.md, "Checkpoints"). Each covers the events stored since
-- the previous one, in the relay's order (transaction id, position), up to a high-water mark no running
-- transaction can fall below. Written once; the service's role may only set published_at (afterMigrate.sql).
create table integrity_checkpoint (
    sequence      bigint      primary key,
    checkpoint_id text        not null unique,
    taken_at      timestamptz not null,
    to_tx_id      xid8        not null,          -- the last covered event's transaction and position
    to_position   bigint      not null,
    leaf_count    integer     not null check (leaf_count > 0),
    merkle_root   text        not null,
    digest        text        not null,          -- SHA-256 of the signed document: the next one's "previous"
    document      text        not null,          -- the signed document exactly as signed and published
    published_at  timestamptz                    -- when Kafka acknowledged it on aiim.integrity-checkpoints.v1
);

create index integrity_checkpoint_unpublished on integrity_checkpoint (sequence) where published_at is null;

-- The events each checkpoint covers, as it covered them (its leaves, in tree order).
create table integrity_checkpoint_leaf (
    sequence   bigint  not null references integrity_checkpoint,
    leaf_index integer not null,
    stream_id  text    not null,
    version    bigint  not null,
    hash       text    not null,
    primary key (sequence, leaf_index)
);

create index integrity_checkpoint_leaf_stream on integrity_checkpoint_leaf (stream_id, version);
