# certname: testnode.example.com
node default { notify { 'default': } }
node /test/ { notify { 'regex': } }
node 'testnode.example.com', 'alias' { notify { 'exact': } }
