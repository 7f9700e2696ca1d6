-- Detections open or join incidents by correlation key; the relay's checkpoint is a (transaction, position) pair.

alter table incident_view add column correlation_key text;
create index incident_view_open_correlation on incident_view (correlation_key, detected_at desc) where is_open;

alter table detection_signal add column incident_id text;

-- The relay reads events of finished transactions in (tx_id, position) order; the checkpoint is the
-- last pair it published, so an event committed late by a slow transaction still comes after it.
alter table subscription_checkpoint add column tx_id xid8 not null default '0';
create index incident_event_relay_order on incident_event (tx_id, position);
drop index incident_event_tx;

-- Which shape of the incident view is stored; a service whose code expects another rebuilds it at start-up.
create table projection_version (
    projection text primary key,
    version    integer     not null,
    rebuilt_at timestamptz not null
);
