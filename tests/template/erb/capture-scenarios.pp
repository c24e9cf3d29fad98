# Scenarios for capture.rb: each starts with "# --- name [fact=value ...]".
# --- apache-default
class { 'apache': }
apache::vhost { 'plain.example.com':
  port    => 80,
  docroot => '/var/www/plain',
}
# --- apache-rich
class { 'apache':
  default_vhost          => false,
  server_tokens          => 'Prod',
  server_signature       => 'Off',
  trace_enable           => 'Off',
  log_formats            => { 'vhost_common' => '%v %h %l %u %t \"%r\" %>s %b', 'combined' => '%h %l %u %t \"%r\" %>s %b' },
  root_directory_options => ['FollowSymLinks', 'SymLinksIfOwnerMatch'],
  error_documents        => true,
  default_charset        => 'UTF-8',
  file_e_tag             => 'None',
  use_canonical_name     => 'On',
  allow_encoded_slashes  => 'nodecode',
  ldap_verify_server_cert => 'Off',
}
apache::vhost { 'rich.example.com':
  port                  => 8080,
  ip                    => ['10.0.0.1', '10.0.0.2'],
  docroot               => '/var/www/rich',
  serveradmin           => 'admin@example.com',
  serveraliases         => ['www.rich.example.com', 'alias.rich.example.com'],
  options               => ['Indexes', 'FollowSymLinks', 'MultiViews'],
  override              => ['All'],
  directoryindex        => 'index.php index.html',
  access_logs           => [{ 'file' => 'rich_access.log', 'format' => 'combined' }, { 'pipe' => '|/usr/bin/logger', 'env' => '!dontlog' }, { 'syslog' => 'syslog:local1' }],
  error_log_file        => 'rich_error.log',
  log_level             => 'warn',
  aliases               => [{ 'alias' => '/images', 'path' => '/var/www/images' }, { 'aliasmatch' => '^/img/(.*)', 'path' => '/var/www/img/$1' }, { 'scriptalias' => '/cgi', 'path' => '/usr/lib/cgi' }],
  scriptaliases         => [{ 'alias' => '/cgi-bin', 'path' => '/usr/lib/cgi-bin' }, { 'aliasmatch' => '^/cgi-(.*)', 'path' => '/usr/lib/cgi-$1' }],
  error_documents       => [{ 'error_code' => '404', 'document' => '/404.html' }, { 'error_code' => '503', 'document' => '/503.html' }],
  redirect_source       => ['/old', '/older'],
  redirect_dest         => ['http://example.com/new', 'http://example.com/newer'],
  redirect_status       => ['permanent', 'temp'],
  redirectmatch_regexp  => ['^/blog/(.*)'],
  redirectmatch_dest    => ['http://blog.example.com/$1'],
  redirectmatch_status  => ['301'],
  headers               => ['set X-Frame-Options SAMEORIGIN', 'unset Server'],
  request_headers       => ['append MirrorID "mirror 12"', 'unset MirrorID'],
  setenv                => ['SPECIAL_PATH /foo/bin', 'OTHER yes'],
  setenvif              => ['Request_URI "\.gif$" object_is_image=gif'],
  setenvifnocase        => ['Host "^example\.com$" is_example'],
  rewrites              => [
    { 'comment' => 'Lynx or Mozilla v1/2', 'rewrite_cond' => ['%{HTTP_USER_AGENT} ^Lynx/ [OR]', '%{HTTP_USER_AGENT} ^Mozilla/[12]'], 'rewrite_rule' => ['^index\.html$ welcome.html'] },
    { 'rewrite_base' => '/app', 'rewrite_map' => ['lc int:tolower'], 'rewrite_rule' => ['^/(.*) /app/$1 [L]'] },
  ],
  proxy_preserve_host   => true,
  proxy_add_headers     => false,
  proxy_error_override  => true,
  proxy_pass            => [
    { 'path' => '/a', 'url' => 'http://backend-a/', 'params' => { 'retry' => '0', 'timeout' => '5' }, 'keywords' => ['noquery', 'interpolate'], 'reverse_cookies' => [{ 'path' => '/a', 'url' => 'http://backend-a/' }, { 'domain' => 'a.example.com', 'url' => 'backend-a' }], 'no_proxy_uris' => ['/a/static'], 'setenv' => ['proxy-nokeepalive 1'] },
    { 'path' => '/b', 'url' => 'http://backend-b/', 'reverse_urls' => ['http://backend-b/', 'http://backend-b2/'] },
  ],
  proxy_pass_match      => [{ 'path' => '^/(.*\.gif)$', 'url' => 'http://backend/$1', 'params' => { 'max' => '20' } }],
  no_proxy_uris         => ['/static'],
  php_values            => { 'memory_limit' => '256M', 'include_path' => '.:/usr/share/php' },
  php_flags             => { 'short_open_tag' => 'off', 'display_errors' => 'on' },
  php_admin_values      => { 'open_basedir' => '/var/www' },
  php_admin_flags       => { 'engine' => 'on', 'expose_php' => 'yes' },
  custom_fragment       => "# custom\nSetEnv FOO bar",
  additional_includes   => ['/etc/apache2/extra1.conf', '/etc/apache2/extra2.conf'],
  block                 => ['scm'],
  filters               => ['FilterDeclare COMPRESS', 'FilterProvider COMPRESS DEFLATE resp=Content-Type $text/html'],
  action                => 'php-fastcgi',
  fallbackresource      => '/index.php',
  allow_encoded_slashes => 'on',
  keepalive             => 'on',
  keepalive_timeout     => '5',
  max_keepalive_requests => '100',
  limitreqfieldsize     => 8190,
  limitreqfields        => 100,
  limitreqline          => 8190,
  limitreqbody          => 102400,
  use_canonical_name    => 'DNS',
  http_protocol_options => 'Strict LenientMethods Allow0.9',
  protocols             => ['h2', 'http/1.1'],
  protocols_honor_order => true,
  jk_mounts             => [{ 'mount' => '/*', 'worker' => 'tcnode1' }, { 'unmount' => '/*.jpg', 'worker' => 'tcnode1' }],
  directories           => [
    { 'path' => '/var/www/rich', 'provider' => 'directory', 'options' => ['Indexes', 'FollowSymLinks'], 'allow_override' => ['AuthConfig', 'Indexes'], 'require' => 'all granted', 'headers' => 'Set X-Robots-Tag "noindex"', 'index_options' => ['IgnoreCase', 'FancyIndexing'], 'index_order_default' => ['Descending', 'Date'], 'index_style_sheet' => '/css/style.css', 'directoryindex' => 'index.html', 'error_documents' => [{ 'error_code' => '404', 'document' => '/missing.html' }], 'addhandlers' => [{ 'handler' => 'cgi-script', 'extensions' => ['.cgi', '.pl'] }], 'sethandler' => 'None', 'php_flags' => { 'engine' => 'on' }, 'php_values' => { 'max_input_vars' => '2000' }, 'php_admin_flags' => { 'log_errors' => 'true' }, 'php_admin_values' => { 'upload_max_filesize' => '10M' }, 'ssl_options' => ['+StdEnvVars', '+ExportCertData'], 'custom_fragment' => 'SetEnv DIR 1', 'rewrites' => [{ 'rewrite_cond' => ['%{REQUEST_FILENAME} !-f'], 'rewrite_rule' => ['^(.*)$ index.php [QSA,L]'] }], 'limit' => [{ 'methods' => 'GET POST', 'require' => 'valid-user' }], 'limit_except' => [{ 'methods' => 'GET', 'require' => ['ip 10.0.0.0/8', 'ip 192.168.0.0/16'] }] },
    { 'path' => '/var/www/rich/private', 'require' => { 'enforce' => 'all', 'requires' => ['ip 10.0.0.0/8', 'not ip 10.1.0.0/16'] }, 'auth_type' => 'Basic', 'auth_name' => 'Private', 'auth_user_file' => '/etc/apache2/htpasswd', 'auth_require' => 'valid-user', 'dav' => 'On', 'dav_depth_infinity' => true, 'dav_min_timeout' => '600' },
    { 'path' => '\.php$', 'provider' => 'filesmatch', 'sethandler' => 'proxy:fcgi://127.0.0.1:9000', 'passenger_enabled' => true, 'passenger_base_uri' => '/app', 'passenger_app_env' => 'production', 'passenger_user' => 'www-data', 'passenger_min_instances' => 2, 'passenger_high_performance' => true },
    { 'path' => '/server-status', 'provider' => 'location', 'require' => ['ip 127.0.0.1', 'ip ::1'], 'geoip_enable' => true, 'h2_copy_files' => false, 'h2_push_resource' => ['/css/site.css', '/js/site.js'], 'expires_active' => 'On', 'expires_default' => 'access plus 1 day', 'expires_by_type' => ['text/html "access plus 1 hour"'], 'gssapi' => { 'credstore' => 'keytab:/foo.keytab', 'sslonly' => 'On', 'localname' => 'On' }, 'mellon_enable' => 'info', 'mellon_endpoint_path' => '/mellon', 'shib_require_session' => 'On', 'shib_request_settings' => { 'requireSession' => '1' } },
    { 'path' => '/proxied', 'provider' => 'location', 'allow' => 'from all', 'deny' => 'from 10.0.0.0/8', 'order' => 'Allow,Deny', 'satisfy' => 'Any', 'auth_merging' => 'And', 'auth_ldap_url' => 'ldap://ldap.example.com/dc=example', 'auth_ldap_bind_dn' => 'cn=admin', 'auth_ldap_bind_password' => 'secret', 'auth_ldap_group_attribute' => 'member', 'auth_ldap_group_attribute_is_dn' => 'On', 'authz_core' => true, 'cas_scrub_request_headers' => 'On', 'modsec_disable_ids' => ['90015', '90016'], 'modsec_body_limit' => 1024, 'mod_security' => true },
  ],
}
class { 'apache::mod::auth_cas': cas_login_url => 'https://cas.example.com/login', cas_validate_url => 'https://cas.example.com/validate' }
class { 'apache::mod::shib': }
apache::fastcgi::server { 'php': host => '127.0.0.1:9000', timeout => 15, flush => false, faux_path => '/var/www/php.fcgi', fcgi_alias => '/php.fcgi', file_type => 'application/x-httpd-php', pass_header => 'Authorization' }
apache::vhost { 'secure.example.com':
  port                 => 443,
  docroot              => '/var/www/secure',
  ssl                  => true,
  ssl_cert             => '/etc/ssl/certs/secure.pem',
  ssl_key              => '/etc/ssl/private/secure.key',
  ssl_chain            => '/etc/ssl/certs/chain.pem',
  ssl_ca               => '/etc/ssl/certs/ca.pem',
  ssl_crl              => '/etc/ssl/crl.pem',
  ssl_crl_path         => '/etc/ssl/crl',
  ssl_crl_check        => 'chain',
  ssl_protocol         => ['all', '-SSLv3', '-TLSv1'],
  ssl_cipher           => 'HIGH:!aNULL',
  ssl_honorcipherorder => true,
  ssl_verify_client    => 'optional',
  ssl_verify_depth     => 2,
  ssl_options          => ['+StdEnvVars', '-ExportCertData'],
  ssl_openssl_conf_cmd => 'DHParameters "foo.pem"',
  ssl_proxyengine      => true,
  ssl_proxy_verify     => 'require',
  ssl_proxy_verify_depth => 3,
  ssl_proxy_check_peer_cn => 'on',
  ssl_proxy_check_peer_name => 'on',
  ssl_proxy_check_peer_expire => 'on',
  ssl_proxy_machine_cert => '/etc/ssl/proxy.pem',
  ssl_proxy_cipher_suite => 'HIGH',
  ssl_proxy_protocol   => 'TLSv1.2',
  ssl_stapling         => true,
  ssl_stapling_timeout => 5,
  ssl_stapling_return_errors => false,
  wsgi_application_group => '%{GLOBAL}',
  wsgi_daemon_process  => 'wsgi',
  wsgi_daemon_process_options => { 'processes' => '2', 'threads' => '15', 'display-name' => '%{GROUP}' },
  wsgi_import_script   => '/var/www/demo.wsgi',
  wsgi_import_script_options => { 'process-group' => 'wsgi', 'application-group' => '%{GLOBAL}' },
  wsgi_process_group   => 'wsgi',
  wsgi_script_aliases  => { '/' => '/var/www/demo.wsgi' },
  wsgi_script_aliases_match => { '^/test/(.*)' => '/var/www/test.wsgi' },
  wsgi_pass_authorization => 'On',
  wsgi_chunked_request => 'On',
  auth_kerb            => true,
  krb_method_negotiate => 'on',
  krb_auth_realms      => ['EXAMPLE.COM'],
  krb_5keytab          => '/etc/krb5.keytab',
  krb_local_user_mapping => 'on',
  itk                  => { 'user' => 'www-data', 'group' => 'www-data', 'assignuseridexpr' => '%{reqenv:x}', 'limituidrange' => '1000 2000', 'nice' => 10 },
  suexec_user_group    => 'www-data www-data',
  passenger_ruby       => '/usr/bin/ruby',
  passenger_app_root   => '/srv/app',
  passenger_min_instances => 3,
  passenger_spawn_method => 'smart',
  passenger_pre_start  => 'https://secure.example.com/',
  passenger_max_preloader_idle_time => 300,
  passenger_high_performance => true,
  passenger_sticky_sessions => true,
  passenger_stat_throttle_rate => 10,
  h2_direct            => true,
  h2_early_hints       => false,
  h2_max_session_streams => 100,
  h2_modern_tls_only   => true,
  h2_push              => true,
  h2_push_diary_size   => 256,
  h2_push_priority     => ['application/json 32'],
  h2_push_resource     => ['/xxx.css', '/xxx.js'],
  h2_serialize_headers => false,
  h2_stream_max_mem_size => 65536,
  h2_tls_cool_down_secs => 1,
  h2_tls_warm_up_size  => 1048576,
  h2_upgrade           => true,
  h2_window_size       => 65535,
  cas_login_url        => 'https://cas.example.com/login',
  cas_validate_url     => 'https://cas.example.com/validate',
  cas_attribute_prefix => 'CAS_',
  cas_root_proxied_as  => 'https://secure.example.com',
  cas_sso_enabled      => true,
  shib_compat_valid_user => 'On',
  add_default_charset  => 'UTF-8',
  modsec_disable_vhost => true,
  modsec_disable_ids   => { '/admin' => ['90015'], '/other' => '90016' },
  modsec_disable_ips   => ['192.168.0.1'],
  modsec_body_limit    => 2048,
  auth_oidc            => true,
  oidc_settings        => { 'ProviderMetadataURL' => 'https://login.example.com/.well-known', 'ClientID' => 'abc', 'RedirectURI' => 'https://secure.example.com/oidc' },
  fastcgi_server       => 'php',
  fastcgi_socket       => '/var/run/fcgi.sock',
  fastcgi_dir          => '/var/www/fcgi',
  fastcgi_idle_timeout => 120,
  suphp_engine         => 'on',
  suphp_addhandler     => 'x-httpd-php',
  suphp_configpath     => '/etc/php',
  comment              => ['Managed by tend tests', 'second line'],
  define               => { 'SERVER_ROOT' => '/var/www/secure' },
  use_optional_includes => true,
  additional_includes  => '/etc/apache2/opt.conf',
  error_log_pipe       => '|/usr/bin/rotatelogs /var/log/err 86400',
  access_log_format    => '%h %l %u',
  access_log_env_var   => 'loggable',
  proxy_dest           => 'http://backend.example.com',
  proxy_dest_match     => '^/api/(.*)',
  proxy_dest_reverse_match => 'http://api.example.com',
  no_proxy_uris_match  => ['^/api/health'],
  virtual_docroot      => false,
}
apache::vhost { 'redirect.example.com':
  port            => 80,
  docroot         => '/var/www/redirect',
  redirect_source => '/',
  redirect_dest   => 'https://secure.example.com/',
  redirect_status => 'permanent',
  rewrite_rule    => '^/(.*) https://secure.example.com/$1 [R,L]',
  rewrite_cond    => '%{HTTPS} off',
  rewrite_base    => '/',
  rewrite_inherit => true,
  scriptalias     => '/usr/lib/cgi-bin',
  error_log_syslog => 'syslog:local2',
  access_log_syslog => 'syslog:local3',
  docroot_owner   => 'www-data',
  headers         => 'set X-Test 1',
  setenv          => 'FOO bar',
  itk             => { 'user' => 'nobody' },
  passenger_enabled => false,
  directories     => { 'path' => '/var/www/redirect', 'allow_override' => 'None', 'options' => 'None', 'passenger_enabled' => true, 'php_flags' => { 'magic' => 'off' } },
}
# --- apache-mods
class { 'apache': default_mods => false, mpm_module => 'prefork' }
class { 'apache::mod::status': requires => { 'enforce' => 'any', 'requires' => ['ip 1.2.3.4', 'host example.com'] }, extended_status => 'On', status_path => '/server-status' }
class { 'apache::mod::alias': icons_options => 'None' }
class { 'apache::mod::auth_cas': cas_login_url => 'https://cas/login', cas_validate_url => 'https://cas/validate', cas_cookie_path => '/var/cache/cas/', cas_attribute_prefix => 'CAS_', cas_debug => 'On', cas_version => 2, cas_validate_depth => 2, cas_certificate_path => '/etc/cas.pem', cas_proxy_validate_url => 'https://cas/proxy', cas_root_proxied_as => 'https://x', cas_cookie_entropy => 32, cas_timeout => 3600, cas_idle_timeout => 900, cas_cache_clean_interval => 1800, cas_cookie_domain => 'example.com', cas_cookie_http_only => 'On', cas_authoritative => 'On', cas_validate_saml => 'On', cas_sso_enabled => 'On', cas_attribute_delimiter => ',', cas_scrub_request_headers => 'On' }
class { 'apache::mod::auth_mellon': mellon_cache_size => 200, mellon_lock_file => '/run/mellon.lock', mellon_post_directory => '/var/cache/mellon', mellon_post_size => 1024, mellon_post_count => 10, mellon_post_ttl => 900 }
class { 'apache::mod::authn_dbd': authn_dbd_params => 'host=db user=apache password=x', authn_dbd_dbdriver => 'mysql', authn_dbd_query => 'SELECT password FROM users WHERE user = %s', authn_dbd_min => 2, authn_dbd_max => 20, authn_dbd_keep => 4, authn_dbd_exptime => 600, authn_dbd_alias => 'db_auth' }
class { 'apache::mod::ldap': ldap_trusted_global_cert_file => '/etc/ssl/ldap.pem', ldap_trusted_global_cert_type => 'CA_BASE64', ldap_shared_cache_size => '500000', ldap_cache_entries => '1024', ldap_cache_ttl => '600', ldap_opcache_entries => '1024', ldap_opcache_ttl => '600', ldap_trusted_mode => 'TLS' }
class { 'apache::mod::authnz_ldap': verify_server_cert => false }
class { 'apache::mod::autoindex': }
class { 'apache::mod::cgid': }
class { 'apache::mod::dav_fs': }
class { 'apache::mod::deflate': types => ['text/html', 'text/css'], notes => { 'Input' => 'instream', 'Ratio' => 'ratio' } }
class { 'apache::mod::dir': indexes => ['index.html', 'index.php'] }
class { 'apache::mod::disk_cache': cache_root => '/var/cache/apache2/mod_cache_disk', cache_ignore_headers => 'Set-Cookie' }
class { 'apache::mod::dumpio': dump_io_input => 'On', dump_io_output => 'Off' }
class { 'apache::mod::expires': expires_active => true, expires_default => 'access plus 1 month', expires_by_type => [{ 'text/json' => 'access plus 1 day' }, { 'text/html' => 'access plus 1 hour' }] }
class { 'apache::mod::ext_filter': ext_filter_define => { 'slowdown' => 'mode=output cmd=/bin/cat preservescontentlength', 'puppetdb-strip' => 'mode=output outtype=application/json cmd="pdb-resource-filter"' } }
class { 'apache::mod::fcgid': options => { 'FcgidIPCDir' => '/var/run/fcgidsock', 'SharememPath' => '/var/run/fcgid_shm', 'AddHandler' => 'fcgid-script .fcgi' } }
class { 'apache::mod::geoip': enable => true, db_file => ['/usr/share/GeoIP/GeoIP.dat', '/usr/share/GeoIP/GeoIPv6.dat'], flag => 'MemoryCache', output => 'Env', enable_utf8 => 'On', scan_proxy_headers => true, scan_proxy_header_field => 'X-Forwarded-For', use_last_xforwarededfor_ip => true }
class { 'apache::mod::http2': h2_direct => true, h2_early_hints => true, h2_max_session_streams => 100, h2_max_worker_idle_seconds => 600, h2_max_workers => 20, h2_min_workers => 2, h2_modern_tls_only => true, h2_push => true, h2_push_diary_size => 256, h2_push_priority => ['application/json 32', 'image/jpeg before'], h2_push_resource => ['/x.css'], h2_serialize_headers => false, h2_stream_max_mem_size => 65536, h2_tls_cool_down_secs => 1, h2_tls_warm_up_size => 1048576, h2_upgrade => true, h2_window_size => 65535 }
class { 'apache::mod::info': allow_from => ['10.0.0.0/8', '127.0.0.1'], restrict_access => true, info_path => '/server-info' }
class { 'apache::mod::jk': workers_file => '/etc/apache2/workers.properties', worker_property => { 'worker.list' => 'tc1', 'worker.tc1.port' => '8009' }, shm_file => '/var/run/jk.shm', shm_size => '50M', mount_file => '/etc/apache2/uriworkermap.properties', mount_file_reload => '60', mount => { '/*' => 'tc1', '/jk/*' => 'tc1' }, un_mount => { '/*.png' => 'tc1' }, auto_alias => '/var/www', mount_copy => 'On', worker_indicator => 'JK_WORKER_NAME', watchdog_interval => 60, log_file => '/var/log/jk.log', log_level => 'info', log_stamp_format => '[%b %d %Y - %H:%M:%S]', request_log_format => '%w %V %T', extract_ssl => 'On', https_indicator => 'HTTPS', sslprotocol_indicator => 'SSL_PROTOCOL', certs_indicator => 'SSL_CLIENT_CERT', cipher_indicator => 'SSL_CIPHER', certchain_prefix => 'SSL_CLIENT_CERT_CHAIN_', session_indicator => 'SSL_SESSION_ID', keysize_indicator => 'SSL_CIPHER_USEKEYSIZE', local_name_indicator => 'JK_LOCAL_NAME', ignore_cl_indicator => 'JK_IGNORE_CL', local_addr_indicator => 'JK_LOCAL_ADDR', local_port_indicator => 'JK_LOCAL_PORT', remote_host_indicator => 'JK_REMOTE_HOST', remote_addr_indicator => 'JK_REMOTE_ADDR', remote_port_indicator => 'JK_REMOTE_PORT', remote_user_indicator => 'JK_REMOTE_USER', auth_type_indicator => 'JK_AUTH_TYPE', options => ['+ForwardURICompatUnparsed', '-ForwardDirectories'], env_var => { 'JK_X' => { 'value' => 'y' }, 'JK_EMPTY' => { 'value' => '' } }, strip_session => 'On', location_list => [{ 'Location' => '/jkstatus/', 'Comment' => 'Configures jkstatus', 'JkMount' => 'status', 'Order' => 'deny,allow', 'Deny from' => 'all', 'Allow from' => '127.0.0.1' }], workers_file_content => { 'worker_a' => { 'type' => 'ajp13', 'socket_keepalive' => 'true', 'comment' => 'This is worker A' }, 'worker_b' => { 'type' => 'ajp13', 'socket_keepalive' => 'true', 'comment' => 'This is worker B' }, 'worker_maintain' => 40, 'worker_lists' => ['worker_a,worker_b'] }, mount_file_content => { 'worker_a' => { 'uri_list' => ['/a', '/a/*'], 'comment' => 'Worker A' }, 'worker_b' => { 'uri_list' => ['/b', '/b/*'], 'comment' => 'Worker B' } } }
class { 'apache::mod::mime': mime_types_additional => { 'AddHandler' => { 'type-map' => 'var' }, 'AddType' => { 'text/html' => '.shtml' }, 'AddOutputFilter' => { 'INCLUDES' => '.shtml' } } }
class { 'apache::mod::mime_magic': magic_file => '/etc/magic' }
class { 'apache::mod::negotiation': force_language_priority => 'Prefer', language_priority => ['en', 'de', 'fr'] }
class { 'apache::mod::pagespeed': inherit_vhost_config => 'on', filter_xhtml => true, cache_path => '/var/cache/pagespeed/', log_dir => '/var/log/pagespeed', memcache_servers => ['127.0.0.1:11211', '10.0.0.2:11211'], rewrite_level => 'CoreFilters', disable_filters => ['rewrite_javascript'], enable_filters => ['rewrite_css', 'combine_css'], forbid_filters => ['inline_css'], additional_domains => ['cdn.example.com'], allow_view_stats => ['127.0.0.1'], allow_pagespeed_console => ['127.0.0.1', '10.0.0.0/8'], allow_pagespeed_message => ['127.0.0.1'], message_buffer_size => 100000, additional_configuration => { 'ModPagespeedFoo' => 'bar', 'ModPagespeedBaz' => 'qux' }, statistics_logging => 'on', collect_statistics => 'on' }
class { 'apache::mod::proxy': proxy_requests => 'Off', allow_from => ['10.0.0.0/8'], proxy_via => 'On', proxy_timeout => 60, proxy_iobuffersize => 8192 }
class { 'apache::mod::proxy_balancer': manager => true, manager_path => '/balancer-manager', allow_from => ['127.0.0.1', '::1'] }
class { 'apache::mod::proxy_html': }
class { 'apache::mod::reqtimeout': timeouts => ['header=20-40,minrate=500', 'body=10,minrate=500'] }
class { 'apache::mod::rpaf': sethostname => true, proxy_ips => ['127.0.0.1', '10.0.0.1'], header => 'X-Forwarded-For' }
class { 'apache::mod::security': activated_rules => ['base_rules/modsecurity_35_bad_robots.data'], modsec_dir => '/etc/modsecurity', audit_log_parts => 'ABCFHZ', audit_log_relevant_status => '^(?:5|4(?!04))', secpcrematchlimit => 1500, secpcrematchlimitrecursion => 1500, allowed_methods => 'GET HEAD POST OPTIONS', content_types => 'app/x-www-form-urlencoded|multipart/form-data', restricted_extensions => '.asa/ .asax/ .ascx/', restricted_headers => '/Proxy-Connection/ /Lock-Token/', secdefaultaction => 'deny', anomaly_score_blocking => 'on', inbound_anomaly_threshold => 5, outbound_anomaly_threshold => 4, critical_anomaly_score => 5, error_anomaly_score => 4, warning_anomaly_score => 3, notice_anomaly_score => 2, secrequestbodyinmemorylimit => 131072, secrequestbodylimit => 13107200, secrequestbodynofileslimit => 131072, secrequestmaxnumargs => 255, manage_security_crs => true }
class { 'apache::mod::setenvif': }
class { 'apache::mod::ssl': ssl_compression => false, ssl_sessiontickets => false, ssl_cryptodevice => 'builtin', ssl_options => ['StdEnvVars'], ssl_openssl_conf_cmd => 'DHParameters "x.pem"', ssl_cipher => 'HIGH:MEDIUM:!aNULL:!MD5', ssl_honorcipherorder => true, ssl_protocol => ['all', '-SSLv3'], ssl_proxy_protocol => ['TLSv1.2'], ssl_pass_phrase_dialog => 'builtin', ssl_random_seed_bytes => '512', ssl_sessioncachetimeout => '300', ssl_stapling => true, ssl_stapling_return_errors => false, ssl_mutex => 'default' }
class { 'apache::mod::userdir': home => '/home', dir => 'public_html', disable_root => true, overrides => ['FileInfo', 'AuthConfig'], options => ['MultiViews', 'Indexes'], unmanaged_path => false, custom_fragment => '# userdir' }
class { 'apache::mod::wsgi': wsgi_socket_prefix => '/var/run/wsgi', wsgi_python_path => '/var/www/python', wsgi_python_home => '/usr/lib/python3', wsgi_restrict_embedded => 'On', wsgi_python_optimize => 1 }
class { 'apache::mod::passenger': passenger_root => '/usr/lib/passenger', passenger_ruby => '/usr/bin/ruby', passenger_default_ruby => '/usr/bin/ruby', passenger_high_performance => 'on', passenger_max_pool_size => 12, passenger_pool_idle_time => 1500, passenger_max_requests => 1000, passenger_spawn_method => 'smart', passenger_stat_throttle_rate => 10, rack_autodetect => 'off', rails_autodetect => 'off', passenger_use_global_queue => 'on', passenger_app_env => 'production', passenger_log_file => '/var/log/passenger.log', passenger_log_level => 1, passenger_user => 'www-data', passenger_group => 'www-data', passenger_friendly_error_pages => 'off', passenger_min_instances => 1, passenger_max_instances_per_app => 0, passenger_pre_start => ['http://localhost/'], passenger_data_buffer_dir => '/var/tmp', passenger_instance_registry_dir => '/var/run/passenger' }
class { 'apache::mod::php': }
class { 'apache::mod::nss': passwd_file => '/etc/httpd/nss/pwd', port => 8444, transfer_log => '/var/log/nss_access', error_log => '/var/log/nss_error' }
class { 'apache::mod::fastcgi': }
# --- apache-mods2
class { 'apache': default_mods => false, mpm_module => 'worker' }
class { 'apache::mod::status': allow_from => ['127.0.0.1', '::1'], extended_status => 'Off', apache_version => '2.2' }
class { 'apache::mod::proxy_balancer': manager => true, apache_version => '2.2', allow_from => ['10.0.0.1'] }
class { 'apache::mod::userdir': home => '/home', dir => 'public_html', disable_root => false, apache_version => '2.2' }
# --- apache-cluster
class { 'apache': }
class { 'apache::mod::cluster': version => '1.3.1', ip => '10.0.0.5', allowed_network => '10.0.0.', balancer_name => 'mybalancer', manager_allowed_network => '10.0.0.', advertise_frequency => '10', enable_mcpm_receive => true, keep_alive_timeout => 60, max_keep_alive_requests => 0, port => '6666', server_advertise => true }
# --- apache-worker
class { 'apache': mpm_module => false }
class { 'apache::mod::worker': startservers => 4, maxclients => 300, minsparethreads => 50, maxsparethreads => 150, threadsperchild => 50, maxrequestsperchild => 1000, serverlimit => 12, threadlimit => 128, listenbacklog => 511 }
# --- apache-event
class { 'apache': mpm_module => false }
class { 'apache::mod::event': startservers => 3, maxclients => 200, minsparethreads => 25, maxsparethreads => 100, threadsperchild => 25, maxrequestsperchild => 0, serverlimit => 25, threadlimit => 64, listenbacklog => 511, maxrequestworkers => 250, maxconnectionsperchild => 0 }
# --- apache-itk
class { 'apache': mpm_module => false }
class { 'apache::mod::prefork': }
class { 'apache::mod::itk': startservers => 8, minspareservers => 5, maxspareservers => 20, serverlimit => 256, maxclients => 256, maxrequestsperchild => 4000, enablecapabilities => false }
# --- apache-peruser
class { 'apache': mpm_module => false }
class { 'apache::mod::peruser': minspareprocessors => 2, minprocessors => 2, maxprocessors => 10, maxclients => 150, maxrequestsperchild => 1000, idletimeout => 120, expiretimeout => 120, keepalive => 'Off' }
# --- apache-redhat osfamily=RedHat operatingsystem=CentOS operatingsystemrelease=6.10 operatingsystemmajrelease=6
class { 'apache': }
class { 'apache::mod::ssl': }
class { 'apache::mod::fastcgi': }
class { 'apache::mod::suphp': }
class { 'apache::mod::proxy': }
apache::vhost { 'rh.example.com': port => 80, docroot => '/var/www/rh', directories => [{ 'path' => '/var/www/rh', 'allow' => 'from all', 'deny' => 'from none', 'order' => ['Deny', 'Allow'], 'require' => 'all granted', 'limit' => [{ 'methods' => 'GET', 'require' => 'valid-user' }] }] }
# --- memcached-debian
class { 'memcached': max_memory => '2048', max_item_size => '2m', min_item_size => 48, factor => true, lock_memory => true, use_sasl => true, large_mem_pages => true, extended_opts => ['modern', 'hashpower=20'], disable_cachedump => true, verbosity => 'vv', pidfile => '/var/run/memcached.pid', listen_ip => '127.0.0.1' }
# --- memcached-default
class { 'memcached': }
# --- memcached-unix
class { 'memcached': unix_socket => '/var/run/memcached.sock', unix_socket_mask => '0770', auto_removal => true, max_memory => '50%' }
# --- memcached-redhat osfamily=RedHat operatingsystem=CentOS operatingsystemrelease=7.9 operatingsystemmajrelease=7
class { 'memcached': extended_opts => ['modern'], verbosity => 'v', max_item_size => '1m', min_item_size => 48, factor => true, disable_cachedump => true, lock_memory => true }
# --- memcached-suse osfamily=Suse operatingsystem=SLES operatingsystemrelease=15.4 operatingsystemmajrelease=15
class { 'memcached': max_memory => 512, verbosity => 'vv', extended_opts => ['modern'], unix_socket => '/run/memcached.sock' }
# --- memcached-freebsd osfamily=FreeBSD operatingsystem=FreeBSD operatingsystemrelease=13.2 operatingsystemmajrelease=13
class { 'memcached': extended_opts => ['modern'], verbosity => 'v', lock_memory => true, disable_cachedump => true, listen_ip => '0.0.0.0' }
# --- memcached-solaris osfamily=Solaris operatingsystem=Solaris operatingsystemrelease=11.4 operatingsystemmajrelease=11 kernel=SunOS
class { 'memcached': use_svcprop => false, extended_opts => ['modern'], verbosity => 'v', lock_memory => true, listen_ip => '0.0.0.0', max_item_size => '1m', min_item_size => 48, factor => true }
