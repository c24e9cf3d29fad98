# certname: test42.example.com
node 'other.example.com' { notify { 'wrong node': } }
node /^test\d+/ { notify { "regex ${1}": } }
node default { notify { 'default node': } }
