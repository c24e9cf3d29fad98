$common = { 'ensure' => 'file', 'mode' => '0644' }
file {
  default:
    owner => 'root';
  '/tmp/one':
    content => '1';
  '/tmp/two':
    * => $common;
}
