-- The incident event store (ARCHITECTURE.md section 5). Streams are append-only; the hash chain
-- makes any later change to a stored event detectable (GET /api/v1/incidents/{id}/integrity).

-- One row per aggregate: the compare-and-set target for optimistic concurrency.
create table incident_stream (
    stream_id   text primary key,
    stream_type text        not null,
    version     bigint      not null check (version >= 0),
    head_hash   text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create table incident_event (
    position       bigserial primary key,              -- global order of insertion
    stream_id      text        not null,
    version        bigint      not null check (version > 0),
    event_id       uuid        not null unique,
    event_type     text        not null,              -- e.g. incident.triaged
    schema_version integer     not null,
    payload        jsonb       not null,
    metadata       jsonb       not null,              -- actor id, name, roles; correlation and causation ids
    recorded_at    timestamptz not null,
    tx_id          xid8        not null default pg_current_xact_id(), -- for the relay's high-water mark
    prev_hash      text,
    hash           text        not null,
    unique (stream_id, version)
);

create index incident_event_tx on incident_event (tx_id);

-- Stored events are never changed or removed by the application.
create function incident_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'incident_event is append-only (% refused)', tg_op using errcode = 'P0001';
end
$$;

create trigger incident_event_append_only
    before update or delete on incident_event
    for each row execute function incident_event_append_only();

-- State every N events, so that loading replays only the tail. A snapshot whose schema differs
-- from the running code's is ignored (the stream is replayed instead).
create table incident_snapshot (
    stream_id       text        not null,
    version         bigint      not null,
    snapshot_schema integer     not null,
    head_hash       text        not null,
    state           json        not null,                -- an opaque document: stored as written
    taken_at        timestamptz not null,
    primary key (stream_id, version)
);

-- Where each subscription (the relay to Kafka) has got to.
create table subscription_checkpoint (
    subscription text primary key,
    position     bigint      not null default 0,
    updated_at   timestamptz not null
);

-- The incident view and list, projected from the events; rebuildable from position 0.
create table incident_view (
    incident_id text primary key,
    version     bigint      not null,
    status      text        not null,
    severity    text,
    category    text        not null,
    system_id   text,
    simulation  boolean     not null,
    is_open     boolean     not null,
    detected_at timestamptz not null,
    state       json        not null                     -- the whole state; queries use the columns above
);

create index incident_view_detected on incident_view (detected_at desc, incident_id);
create index incident_view_status on incident_view (status, detected_at desc);
