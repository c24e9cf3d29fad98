#!/usr/bin/env ruby
# SPDX-License-Identifier: MIT
# capture.rb: records what real Puppet 7 hands the module templates, so that
# t2000 can render them with the same variables. For each scenario in
# capture-scenarios.pp (separated by lines "# --- name [fact=value ...]")
# it compiles a catalog with Puppet's API, and for every ERB template that
# Puppet renders it records the variables the template can reference (and
# those of the templates it includes), the results of the functions it
# calls, and Puppet's own output. One JSON per template (the first
# rendering; a different later one goes to <name>.2.json):
#
#   tests/template/erb/modules/<module>/<path>.json   (no .erb)
#
# The "__puppet_output__" key holds Puppet's rendering; t2000 checks that
# render.rb reproduces it, so the harness itself is tested against Puppet.
#
#   ruby capture.rb [MODULEPATH]   (run from anywhere; rewrites the JSON)
require 'puppet'
require 'json'
require 'tmpdir'

HERE = File.expand_path(__dir__)
MODULEPATH = ARGV[0] || '/usr/share/puppet/modules'
OUT = File.join(HERE, 'modules')

T = Dir.mktmpdir
args = %w[confdir vardir codedir logdir rundir ssldir publicdir].flat_map { |d| ["--#{d}", "#{T}/#{d}"] }
Puppet.initialize_settings(args + ['--modulepath', MODULEPATH])
Puppet::Util::Log.newdestination(:console)
Puppet::Util::Log.level = :err

$stack = []
$captured = {}

module TendCapture
  def self.jsonable(v)
    case v
    when Hash
      v.each_with_object({}) do |(k, x), h|
        $symbol_seen = true if k.is_a?(Symbol)
        h[k.to_s] = jsonable(x)
      end
    when Array then v.map { |x| jsonable(x) }
    when String, Integer, Float, true, false, nil then v
    when Symbol
      $symbol_seen = true unless v == :undef
      v == :undef ? nil : v.to_s
    else v.to_s
    end
  end

  # names a template may reference, following literal template() calls
  def self.names(file, seen = {})
    return [] if seen[file] || !File.exist?(file)
    seen[file] = true
    src = File.read(file, encoding: 'UTF-8')
    n = src.scan(/@([a-z_][a-zA-Z0-9_]*)/).flatten
    n += src.scan(/scope\[['"]((?:::)?[\w:]+)['"]/).flatten
    n += src.scan(/lookupvar\(['"]((?:::)?[\w:]+)['"]/).flatten
    n += src.scan(/has_variable\?\(['"]([\w:]+)['"]/).flatten
    src.scan(/template\(\[?\s*["']([\w\/.-]+\.erb)["']/).flatten.each do |t|
      mod, rest = t.split('/', 2)
      n += names(File.join(MODULEPATH, mod, 'templates', rest), seen)
    end
    n.uniq
  end

  def self.rel(file)
    file.sub(%r{\A.*/([^/]+)/templates/}, '\1/')
  end
end

class Puppet::Parser::TemplateWrapper
  alias_method :tend_orig_result, :result
  def result(string = nil)
    return tend_orig_result(string) if string
    vars = {}
    $symbol_seen = false
    hash = scope.to_hash
    TendCapture.names(@__file__).each do |name|
      if name.include?(':') || name.start_with?('::')
        key = name.sub(/\A::/, '')
        val = scope.lookupvar(name)
        vars[key] = TendCapture.jsonable(val) unless val.nil? && !hash.key?(key)
      elsif hash.key?(name)
        vars[name] = TendCapture.jsonable(hash[name])
      end
    end
    # JSON has no symbols: such a rendering is only tested through its parent
    rec = { 'vars' => vars, 'calls' => [], 'symbols' => $symbol_seen }
    $stack.push(rec)
    begin
      out = tend_orig_result(string)
    ensure
      $stack.pop
    end
    rec['output'] = out
    # a parent template renders this one again: it needs these calls too
    $stack.each { |parent| parent['calls'].concat(rec['calls']) }
    ($captured[TendCapture.rel(@__file__)] ||= []) << rec unless rec['symbols']
    out
  end
end

# Calls of Puppet 3 functions (scope.function_x): wrap real_function_x
NOT_RECORDED = %w[template inline_template debug info notice warning err crit alert emerg].freeze
class << Puppet::Parser::Functions
  alias_method :tend_orig_newfunction, :newfunction
  def newfunction(name, options = {}, &block)
    res = tend_orig_newfunction(name, options, &block)
    return res if NOT_RECORDED.include?(name.to_s)
    env_module = environment_module(options[:environment] || Puppet.lookup(:current_environment))
    real = "real_function_#{name}"
    orig = env_module.instance_method(real)
    fname = name.to_s
    env_module.send(:define_method, real) do |args|
      rec = $stack.last
      return orig.bind(self).call(args) if rec.nil? || rec['busy']
      rec['busy'] = true
      begin
        r = orig.bind(self).call(args)
      ensure
        rec.delete('busy')
      end
      rec['calls'] << [fname, TendCapture.jsonable(args), TendCapture.jsonable(r)]
      r
    end
    res
  end
end

# Calls of Puppet 4 functions made directly by a template (not nested)
class Puppet::Pops::Functions::Function
  alias_method :tend_orig_call, :call
  def call(scope, *args, &block)
    rec = $stack.last
    if rec.nil? || rec['busy'] || NOT_RECORDED.include?(self.class.name)
      return tend_orig_call(scope, *args, &block)
    end
    rec['busy'] = true
    begin
      res = tend_orig_call(scope, *args, &block)
    ensure
      rec.delete('busy')
    end
    rec['calls'] << [self.class.name, TendCapture.jsonable(args), TendCapture.jsonable(res)]
    res
  end
end

facts_base = JSON.parse(File.read(File.join(HERE, '../../t/lib/facts-debian.json')))
  .transform_values { |v| v.is_a?(String) ? v.gsub('@CERT@', 'web01.example.com').gsub('@HOSTNAME@', 'web01').gsub('@DOMAIN@', 'example.com') : v }

scenarios = File.read(File.join(HERE, 'capture-scenarios.pp')).split(/^# --- /).drop(1)
scenarios.each do |sc|
  env = Puppet::Node::Environment.create(:production, [MODULEPATH])
  head, code = sc.split("\n", 2)
  name, *overrides = head.split
  facts = facts_base.dup
  overrides.each do |o|
    k, v = o.split('=', 2)
    facts[k] = v
  end
  if facts['osfamily'] != 'Debian'
    facts['os'] = facts['os'].merge('family' => facts['osfamily'], 'name' => facts['operatingsystem'],
                                    'release' => { 'major' => facts['operatingsystemmajrelease'].to_s, 'full' => facts['operatingsystemrelease'].to_s })
  end
  begin
    Puppet.override(current_environment: env, loaders: Puppet::Pops::Loaders.new(env)) do
      Puppet[:code] = code
      node = Puppet::Node.new('web01.example.com', environment: env, facts: Puppet::Node::Facts.new('web01.example.com', facts))
      node.merge(facts)
      Puppet::Parser::Compiler.compile(node)
    end
    warn "scenario #{name}: ok"
  rescue Exception => e
    warn "scenario #{name}: #{e.message[0, 300]}"
  end
end

Dir.glob(File.join(OUT, '**', '*.json')).each do |f|
  File.delete(f) if File.read(f).include?('"__puppet_output__"')
end
$captured.sort.each do |rel, recs|
  chosen = [recs.first]
  other = recs.find { |r| r['vars'] != recs.first['vars'] && r['output'] != recs.first['output'] }
  chosen << other if other
  chosen.each_with_index do |rec, i|
    data = rec['vars'].dup
    fns = {}
    rec['calls'].each do |fn, a, res|
      list = (fns[fn] ||= [])
      list << [a, res] unless list.any? { |x, _| x == a }
    end
    data['__functions__'] = fns unless fns.empty?
    data['__puppet_output__'] = rec['output']
    path = File.join(OUT, rel.sub(/\.erb\z/, i.zero? ? '.json' : ".#{i + 1}.json"))
    FileUtils.mkdir_p(File.dirname(path))
    File.write(path, JSON.pretty_generate(data) + "\n")
  end
end
warn "captured #{$captured.size} templates"
