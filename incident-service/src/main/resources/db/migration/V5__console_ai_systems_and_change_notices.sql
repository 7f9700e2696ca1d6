-- The AI-system registry as detection-service publishes it on aiim.ai-systems.v1 (newest version wins). The console
-- shows an incident's system from here: risk tier, live model version, the known-good versions a rollback offers.
create table ai_system (
    id          varchar(100) primary key,
    version     bigint       not null,
    client_name varchar(300),
    data        jsonb        not null
);

-- Every committed change of an incident is announced on the channel aiim_incident_changed ("<id> <version>"):
-- the console's open pages update without polling, whichever replica took the command (PostgreSQL delivers a
-- notification only when its transaction commits).
create function incident_stream_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('aiim_incident_changed', new.stream_id || ' ' || new.version);
    return null;
end
$$;

create trigger incident_stream_changed
    after insert or update on incident_stream
    for each row execute function incident_stream_changed();
