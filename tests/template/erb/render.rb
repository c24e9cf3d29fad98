#!/usr/bin/env ruby
# SPDX-License-Identifier: MIT
# render.rb: renders an ERB template the way Puppet 7 does, for comparing
# with `tend template render`. Variables come from a JSON object; its key
# "__functions__" holds canned function results, {"name": [[[args], result]]}.
#
#   ruby render.rb TEMPLATE.erb VALUES.json [MODULEPATH]
#
# The template sees what Puppet's TemplateWrapper gives it: an instance
# variable per variable that is not undef, `scope` (lookupvar, [],
# setvar, function_*, call_function), has_variable?, and, as Puppet 3
# did, bare variable names (tend resolves them; Puppet 4+ fails).
require 'erb'
require 'json'
require 'yaml' # Puppet loads json and yaml: templates may call to_json, to_yaml

# String#inspect escapes non-ASCII characters unless the default external
# encoding is Unicode: render as a Puppet running in a UTF-8 locale does,
# whatever the locale of the test.
Encoding.default_external = Encoding::UTF_8

module TendErb
  class FakeScope
    def initialize(vars, functions, modulepath)
      @vars = vars
      @functions = functions || {}
      @modulepath = modulepath
    end

    attr_reader :vars

    def strip(name)
      name.to_s.sub(/\A::/, '')
    end

    def lookupvar(name, _options = {})
      @vars[strip(name)]
    end

    def [](name, _options = {})
      lookupvar(name)
    end

    def include?(name)
      @vars.key?(strip(name))
    end

    def setvar(name, value, _options = {})
      @vars[strip(name)] = value
    end

    # Puppet 7 calls the function with *args: a lone value is one argument
    def call_function(name, args, &_block)
      call(name.to_s.sub(/\A::/, ''), [*args])
    end

    def method_missing(name, *args)
      if name.to_s.start_with?('function_')
        unless args.size == 1 && args[0].is_a?(Array)
          raise ArgumentError, 'custom functions must be called with a single array that contains the arguments'
        end
        return call(name.to_s.sub('function_', ''), args[0])
      end
      super
    end

    def respond_to_missing?(name, priv = false)
      name.to_s.start_with?('function_') || super
    end

    def call(name, args)
      (@functions[name] || []).each do |want, result|
        return result if want == args
      end
      case name
      when 'template'
        args.map { |t| TendErb.render_file(find(t), self) }.join
      when 'debug', 'info', 'notice', 'warning', 'err', 'crit', 'alert', 'emerg'
        nil
      else
        raise "unknown function '#{name}'"
      end
    end

    def find(t)
      mod, rest = t.split('/', 2)
      (@modulepath || '').split(':').each do |dir|
        path = File.join(dir, mod, 'templates', rest)
        return path if File.exist?(path)
      end
      raise "cannot find template '#{t}'"
    end
  end

  class Wrapper
    def initialize(scope, file)
      @__scope__ = scope
      @__file__ = file
      scope.vars.each do |k, v|
        next if v.nil? || k !~ /\A[a-z_][a-zA-Z0-9_]*\z/
        instance_variable_set("@#{k}", v)
      end
    end

    def scope
      @__scope__
    end

    def file
      @__file__
    end

    def has_variable?(name)
      !scope.lookupvar(name.to_s).nil?
    end

    # Puppet 3's TemplateWrapper: a bare name is a variable
    def method_missing(name, *args)
      if args.empty? && scope.include?(name.to_s)
        return scope.lookupvar(name.to_s)
      end
      super
    end

    def respond_to_missing?(name, priv = false)
      scope.include?(name.to_s) || super
    end

    def result(src)
      erb = ERB.new(src, trim_mode: '-')
      erb.filename = @__file__
      erb.result(binding)
    end
  end

  def self.render_file(path, scope)
    src = File.read(path, encoding: 'UTF-8')
    Wrapper.new(scope, path).result(src)
  end

  def self.load_values(json_path)
    data = json_path ? JSON.parse(File.read(json_path, encoding: 'UTF-8')) : {}
    functions = data.delete('__functions__')
    data.delete_if { |k, _| k.start_with?('__') && k.end_with?('__') }
    [data, functions]
  end

  def self.main(argv)
    template, values, modulepath = argv
    vars, functions = load_values(values)
    scope = FakeScope.new(vars, functions, modulepath)
    out = render_file(template, scope)
    $stdout.binmode
    $stdout.write(out)
    0
  rescue StandardError, ScriptError => e
    where = (e.backtrace || []).find { |l| l.start_with?(template) }
    warn "error: #{e.class}: #{e.message}#{where ? " (#{where[/\A[^:]*:\d+/]})" : ''}"
    1
  end
end

exit(TendErb.main(ARGV)) if $PROGRAM_NAME == __FILE__
