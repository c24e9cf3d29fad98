$who = 'world'
$h = { 'key' => ['zero', 'one'] }
notify { "hello ${name}": }
notify { "access ${h['key'][1]}": }
notify { 'single $who \'quoted\'': }
notify { "escapes \t tab \$ dollar \\ backslash \u{2713}": }
notify { "method ${name.upcase}": }
notify { "expr ${1 + 2}": }
$text = @("END")
  Heredoc for ${name}
    indented
  | END
notify { 'heredoc': message => $text }
$raw = @(RAW)
No $interp here
RAW
notify { 'raw': message => $raw }
