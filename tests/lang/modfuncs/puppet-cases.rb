# SPDX-License-Identifier: MIT
# puppet-cases.rb: runs each case of the given case files through Debian's
# Puppet 7 in one Ruby process and writes NAME.out beside each NAME.pp.
#
#	ruby puppet-cases.rb FACTS.json MODULEPATH NAME.pp...
#
# A case file holds manifests separated by lines "# ---". Each case is
# compiled on its own (as the main manifest case.pp); its output is the messages of its notice() calls
# (without "Notice: Scope(...): ") and, when the compile fails, one line
# "error: LOC: MESSAGE" (the message may continue on following lines).
# LOC is LINE:COLUMN in the case itself, or MODULEFILE:LINE:COLUMN (a path
# relative to the modulepath) for an error inside a module. A case with a
# line "# catalog" also lists the resources of its catalog (classes and
# stages left out), sorted, one "resource: Type[title] {params}" line
# each, the parameters as JSON with sorted keys. The .out file
# holds the outputs in order, separated by the same "# ---" lines.
# tests/t/t1101-lang-functions-modules.sh computes the same from tend.
require 'puppet'
require 'json'
require 'tmpdir'

facts_file, modulepath, *files = ARGV
dir = Dir.mktmpdir
Puppet.initialize_settings(%W[--confdir #{dir}/conf --vardir #{dir}/var
			      --codedir #{dir}/code --logdir #{dir}/log --rundir #{dir}/run
			      --ssldir #{dir}/ssl --publicdir #{dir}/public --color=false])
facts = JSON.parse(File.read(facts_file))
facts = facts['values'] if facts.key?('values') && facts['values'].is_a?(Hash)
certname = facts['clientcert'] || 'node.example.com'

Puppet::Util::Log.newdesttype :casecollect do
	match 'Array'
	def initialize(lines)
		@lines = lines
	end

	def handle(msg)
		return unless msg.level == :notice && msg.source =~ /\AScope\(/
		@lines << msg.message.to_s.chomp
	end
end
lines = []
Puppet::Util::Log.newdestination(lines)
Puppet::Util::Log.level = :notice

def location(e, modulepath, case_file)
	return nil unless e.respond_to?(:line) && e.line
	loc = "#{e.line}:#{e.pos}"
	if e.respond_to?(:file) && e.file && e.file != case_file
		f = e.file
		modulepath.split(':').each do |m|
			f = f.delete_prefix("#{m}/")
		end
		loc = "#{f}:#{loc}"
	end
	loc
end

def sorted(v)
	case v
	when Hash then v.keys.sort.to_h { |k| [k, sorted(v[k])] }
	when Array then v.map { |x| sorted(x) }
	else v
	end
end

def resource_lines(catalog)
	catalog.to_data_hash['resources'].reject { |r| %w[Class Stage].include?(r['type']) }.map do |r|
		"resource: #{r['type']}[#{r['title']}] #{JSON.generate(sorted(r['parameters'] || {}))}"
	end.sort
end

def error_message(e, case_file)
	msg = e.respond_to?(:basic_message) ? e.basic_message : e.message
	msg = msg.gsub(case_file, 'case.pp')
	msg = msg.sub(/\AEvaluation Error: /, '')
	msg = msg.sub(/\AError while evaluating a [A-Z][A-Za-z ]*, /, '')
	msg.sub(/ on node \S+\z/, '')
end

files.each do |file|
	cases = File.read(file).split(/^# ---\n/, -1)
	outs = cases.map do |code|
		lines.clear
		case_file = File.join(dir, 'case.pp')
		File.write(case_file, code)
		env = Puppet::Node::Environment.create(:production, modulepath.split(':'), case_file)
		node = Puppet::Node.new(certname, environment: env,
					facts: Puppet::Node::Facts.new(certname, facts.dup))
		node.merge(facts)
		begin
			catalog = Puppet.override(current_environment: env) do
				Puppet::Parser::Compiler.compile(node)
			end
			lines.concat(resource_lines(catalog)) if code =~ /^# catalog$/
		rescue Exception => e
			loc = location(e, modulepath, case_file)
			msg = error_message(e, case_file)
			# an error inside a define's body comes wrapped, with its own
			# location at the end of the message
			if (m = msg.match(/ \(file: (.*), line: (\d+), column: (\d+)\)\z/))
				f = m[1]
				modulepath.split(':').each { |d| f = f.delete_prefix("#{d}/") }
				loc = (f == 'case.pp' ? '' : "#{f}:") + "#{m[2]}:#{m[3]}"
				msg = error_message(Puppet::Error.new(m.pre_match), case_file)
			end
			lines << "error: #{loc ? loc + ': ' : ''}#{msg}"
		end
		lines.map { |l| "#{l}\n" }.join
	end
	File.write(file.sub(/\.pp\z/, '.out'), outs.join("# ---\n"))
	puts "wrote #{file.sub(/\.pp\z/, '.out')} (#{cases.size} cases)"
end
