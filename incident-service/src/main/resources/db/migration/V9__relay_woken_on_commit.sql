-- A committed append wakes the incident event relay of every instance at once (NOTIFY is delivered at commit,
-- and once per transaction however many events it appended); its poll is only the fallback.
create function incident_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('aiim_incident_events', '');
    return null;
end;
$$;
create trigger incident_event_appended after insert on incident_event
    for each statement execute function incident_event_notify();
