-- What the service's own database role may do (Flyway runs this after every migrate, as the owner role that ran the
-- migrations: quarkus.flyway.username). The service connects as ${app_role}, which owns nothing: it cannot alter
-- or drop a table, disable or drop a trigger, or truncate. It reads and writes rows, except that
--   * the tables in "${append_only_tables}" take inserts only (no update, no delete): an event once stored
--     stays as it was stored, whatever the service's code does;
--   * of the tables.columns in "${update_only_columns}", only that column may change (an outbox marks what it
--     has published), and no row may be deleted.
-- Run on every start, so that a table a later migration adds is covered at once; every statement is idempotent.
do $grants$
declare
    app      text := '${app_role}';
    tbl      text;
    col      text;
    entry    text;
begin
    if app = current_user then
        -- nothing to grant; the service can rewrite anything (run migrations as another role to prevent it)
        raise warning 'the service connects as %, the owner of its tables: nothing stops it rewriting them', app;
        return;
    end if;
    if not exists (select from pg_roles where rolname = app) then
        raise exception 'the service role % does not exist (create it, LOGIN, before the service starts)', app
            using errcode = '42704';
    end if;
    -- before PostgreSQL 15 every role could create tables in public; the service's role creates nothing
    revoke create on schema public from public;
    execute format('grant usage on schema public to %I', app);
    execute format('grant select, insert, update, delete on all tables in schema public to %I', app);
    execute format('revoke truncate, references, trigger on all tables in schema public from %I', app);
    execute format('grant usage, select on all sequences in schema public to %I', app);
    -- Flyway's own history is the owner's business
    execute format('revoke all on table %I from %I', '${flyway:table}', app);
    foreach entry in array string_to_array(trim('${append_only_tables}'), ' ') loop
        continue when entry = '' or entry = 'none';
        execute format('revoke update, delete on table %I from %I', entry, app);
    end loop;
    -- first every such table loses update and delete (which takes its column grants too), then the columns come back
    foreach entry in array string_to_array(trim('${update_only_columns}'), ' ') loop
        continue when entry = '' or entry = 'none';
        execute format('revoke update, delete on table %I from %I', split_part(entry, '.', 1), app);
    end loop;
    foreach entry in array string_to_array(trim('${update_only_columns}'), ' ') loop
        continue when entry = '' or entry = 'none';
        tbl := split_part(entry, '.', 1);
        col := split_part(entry, '.', 2);
        execute format('grant update (%I) on table %I to %I', col, tbl, app);
    end loop;
end
$grants$;
