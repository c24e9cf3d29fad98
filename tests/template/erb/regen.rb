#!/usr/bin/env ruby
# SPDX-License-Identifier: MIT
# regen.rb: writes <name>.out for every <name>.erb here that has a
# <name>.json, rendered by Ruby's ERB exactly as Puppet 7 renders it (see
# render.rb). A template that Ruby cannot render is an error case: its
# expected tend diagnostics are in <name>.err, written by hand.
#
#   ruby regen.rb          rewrite the .out files
#   ruby regen.rb --check  only compare; exit 1 when one is stale
require_relative 'render'

check = ARGV.delete('--check')
Dir.chdir(__dir__)
status = 0
Dir['*.erb'].sort.each do |erb|
  name = erb.chomp('.erb')
  json = "#{name}.json"
  next unless File.exist?(json)

  vars, functions = TendErb.load_values(json)
  scope = TendErb::FakeScope.new(vars, functions, nil)
  out = begin
    TendErb.render_file(erb, scope)
  rescue StandardError, ScriptError => e
    unless File.exist?("#{name}.err")
      warn "#{erb}: Ruby fails (#{e.class}) and there is no #{name}.err"
      status = 1
    end
    if File.exist?("#{name}.out")
      warn "#{erb}: Ruby fails but #{name}.out exists"
      status = 1
    end
    next
  end
  path = "#{name}.out"
  if check
    unless File.exist?(path) && File.binread(path) == out.b
      warn "#{path}: stale, run regen.rb"
      status = 1
    end
  else
    File.binwrite(path, out)
  end
end
exit status
