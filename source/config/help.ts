export const HELP = `omstop — watch OMS sync tasks from the terminal

Usage
  omstop [options] [task-id...]   no task ids: every sync task in the project
  omstop --demo                 try it against the built-in simulator, no account needed
  omstop --once [--json] [task-id...]
  omstop --json [task-id...]    one JSON document per poll cycle, one per line
  omstop serve [--listen HOST:PORT] [task-id...]
                                Prometheus metrics on /metrics (default 127.0.0.1:9464)
  omstop --context NAME [--context NAME...] | --all-contexts
                                the contexts of the config file (none given: its default)

Options
  --once                 fetch the window once, print a table per task and exit
  --json                 with --once: one JSON document; without: one per poll cycle
  --listen HOST:PORT     with serve: where to serve /metrics (default 127.0.0.1:9464)
  --window DURATION      the range shown: 30m, 6h, 1d, 7d… (default 6h)
  --interval DURATION    between polls of a task on screen, at least 5s (default 30s);
                         tasks off screen are polled every 5 minutes
  --config PATH          the config file (default $XDG_CONFIG_HOME/omstop/config.toml,
                         else ~/.config/omstop/config.toml); not read with --region/--endpoint
  --context NAME         watch this context of the config file; repeat for several
  --all-contexts         watch every context of the config file, in one overview
  --no-state             neither restore nor remember the view (window, sort, filter,
                         selected task; in $XDG_STATE_HOME/omstop/state.json)
  --max-requests-per-second N
                         requests omstop may send in all, polls, listings and details
                         together (default 10); polls wait their turn past it
  --endpoint URL         OMS API endpoint (env OMS_ENDPOINT)
  --region ID            derive the endpoint: https://oms.ID.myhuaweicloud.com (env OMS_REGION)
  --project-id ID        project id (env HUAWEICLOUD_SDK_PROJECT_ID, or the profile file)
  --token-file PATH      read an IAM token from this file (mode 600)
  --status STATUS        with no task ids: watch only synchronizing or stopped tasks
  --failure-threshold P  failure rate over the last hour that marks a task failing (default 1%)
  --stall-after D        a synchronizing task with no request for D (10m-60m, default 30m),
                         or with requests and nothing finished for 30m, is stalled
  --bell                 ring the terminal bell when a task starts failing
  --no-color             no colour (also when NO_COLOR is set)
  --ascii                no Unicode box drawing or block characters
  --demo                 run against the embedded simulator
  --demo-faults          the same, with the simulator misbehaving now and then (errors,
                         throttling, resets, timeouts), to see how omstop shows trouble
  --demo-tasks N         the demo with N tasks (5 to 2000; default 5), to see a large project
  -h, --help             show this help
  -v, --version          show the version

Credentials (never as command-line values)
  OMS_AUTH_TOKEN or --token-file                 an IAM token (X-Auth-Token)
  HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK        an AK/SK pair (+ HUAWEICLOUD_SDK_SECURITY_TOKEN)
  CLOUD_SDK_AK / CLOUD_SDK_SK                    the same, as in the provider's samples
  ~/.huaweicloud/credentials [basic]             the SDKs' profile file (HUAWEICLOUD_SDK_CREDENTIALS_FILE)
  the ECS metadata service                       an agency's temporary keys (OMSTOP_NO_METADATA=1: not asked)
  --token-file and the profile file are read again when they change and after a 401.

Exit codes
  0 every task fetched, or quit with q · 1 some task failed · 2 usage or configuration error
  70 internal error · 129/130/143 ended by SIGHUP/SIGINT/SIGTERM · 141 the output went away
`;
