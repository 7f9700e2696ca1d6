-- Work for the background workers wakes them as it commits (NOTIFY is delivered at commit, to every instance):
-- a delivery due now, an outbox message. Polling every aiim.notification.workers.idle stays as the fallback.
create function notification_work_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('aiim_notification_work', tg_table_name);
    return null;
end $$;
create trigger delivery_added after insert on delivery
    for each statement execute function notification_work_notify();
create trigger notification_outbox_added after insert on notification_outbox
    for each statement execute function notification_work_notify();
