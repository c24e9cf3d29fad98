# SPDX-License-Identifier: MIT
# puppet-ast-dump.rb: prints Puppet's own syntax tree of manifests (or EPP
# templates, *.epp) in the S-expression form of `tend parser dump`, so that
# the two parsers can be compared file by file (see t1000-lang-parse.sh).
#
#   ruby puppet-ast-dump.rb DIR FILE...   (DIR: a scratch directory)
#
# Each file gives one line "FILE<TAB>TREE", or "FILE<TAB>error: MSG".
# Shapes tend chose differently are mapped here: empty else blocks are
# dropped, single statements are wrapped in (block), Integer('1') is
# (method Integer new ...), empty EPP texts are dropped, a leading "::" of
# a definition's name is dropped, bare words (foo-bar) are names.

require 'puppet'

dir = ARGV.shift
Puppet.initialize_settings(%w[confdir vardir codedir logdir rundir ssldir publicdir].flat_map do |s|
  ["--#{s}", File.join(dir, s)]
end)

M = Puppet::Pops::Model

def esc(s)
  out = +'"'
  s.to_s.b.each_byte do |c|
    out << case c
           when 0x22 then '\\"'
           when 0x5c then '\\\\'
           when 0x0a then '\\n'
           when 0x09 then '\\t'
           when 0x0d then '\\r'
           else
             (c < 0x20 || c == 0x7f) ? format('\\x%02x', c) : c.chr
           end
  end
  out << '"'
  out.force_encoding('BINARY')
end

def src(o)
  o.locator.extract_text(o.offset, o.length)
end

def nop?(o)
  o.nil? || o.is_a?(M::Nop)
end

def blk(o)
  return '(block)' if nop?(o)
  return "(block#{o.statements.map { |s| ' ' + d(s) }.join})" if o.is_a?(M::BlockExpression)
  "(block #{d(o)})"
end

def kids(list)
  list.map { |x| ' ' + d(x) }.join
end

def params(list)
  "(params#{kids(list)})"
end

def d(o)
  case o
  when nil, M::Nop then 'nil'
  when M::LiteralUndef then 'undef'
  when M::LiteralDefault then 'default'
  when M::LiteralBoolean then o.value.to_s
  when M::LiteralInteger
    text = src(o)
    text == o.value.to_s ? text : "(int #{o.value} #{text})"
  when M::LiteralFloat then format('(float %.17g %s)', o.value, src(o))
  when M::RenderStringExpression then "(text #{esc(o.value)})"
  when M::LiteralString
    # a bare word like foo-bar is a string to Puppet, a name to tend
    w = o.value
    bare = w =~ /\A(::)?[a-z_][\w-]*(::[a-z_][\w-]*)*\z/ && w =~ /-|\A_|::_/ &&
           (src(o) rescue nil) == w
    bare ? w : esc(w)
  when M::LiteralRegularExpression then "/#{o.value.source}/"
  when M::QualifiedName then o.value
  when M::QualifiedReference then o.cased_value
  when M::ReservedWord then "(reserved #{o.word})"
  when M::VariableExpression then "$#{o.expr.value}"
  when M::ConcatenatedString then "(concat#{kids(o.segments)})"
  when M::TextExpression, M::ParenthesizedExpression then d(o.expr)
  when M::HeredocExpression then d(o.text_expr)
  when M::LiteralList then "(array#{kids(o.values)})"
  when M::LiteralHash then "(hash#{kids(o.entries)})"
  when M::KeyedEntry then "(=> #{d(o.key)} #{d(o.value)})"
  when M::AccessExpression then "(access #{d(o.left_expr)}#{kids(o.keys)})"
  when M::CallNamedFunctionExpression
    f = o.functor_expr
    lam = o.lambda ? ' ' + d(o.lambda) : ''
    if f.is_a?(M::QualifiedName)
      "(call #{f.value}#{kids(o.arguments)}#{lam})"
    else
      "(method #{d(f)} new#{kids(o.arguments)}#{lam})"
    end
  when M::CallMethodExpression
    f = o.functor_expr
    lam = o.lambda ? ' ' + d(o.lambda) : ''
    "(method #{d(f.left_expr)} #{f.right_expr.value}#{kids(o.arguments)}#{lam})"
  when M::LambdaExpression
    rt = o.return_type ? " (>> #{d(o.return_type)})" : ''
    "(lambda #{params(o.parameters)}#{rt} #{blk(o.body)})"
  when M::Parameter
    t = o.type_expr ? d(o.type_expr) + ' ' : ''
    v = o.value ? ' ' + d(o.value) : ''
    "(param #{t}#{o.captures_rest ? '*' : ''}$#{o.name}#{v})"
  when M::NotExpression then "(! #{d(o.expr)})"
  when M::UnaryMinusExpression then "(- #{d(o.expr)})"
  when M::UnfoldExpression then "(* #{d(o.expr)})"
  when M::AndExpression then "(and #{d(o.left_expr)} #{d(o.right_expr)})"
  when M::OrExpression then "(or #{d(o.left_expr)} #{d(o.right_expr)})"
  when M::InExpression then "(in #{d(o.left_expr)} #{d(o.right_expr)})"
  when M::NamedAccessExpression then "(. #{d(o.left_expr)} #{d(o.right_expr)})"
  when M::AssignmentExpression, M::ArithmeticExpression, M::ComparisonExpression,
       M::MatchExpression, M::RelationshipExpression
    "(#{o.operator} #{d(o.left_expr)} #{d(o.right_expr)})"
  when M::SelectorExpression then "(? #{d(o.left_expr)}#{kids(o.selectors)})"
  when M::SelectorEntry then "(=> #{d(o.matching_expr)} #{d(o.value_expr)})"
  when M::IfExpression
    kind = o.is_a?(M::UnlessExpression) ? 'unless' : 'if'
    e = o.else_expr
    els = if nop?(e) || (e.is_a?(M::BlockExpression) && e.statements.empty?) then ''
          elsif e.is_a?(M::IfExpression) && src(e).start_with?('elsif') then ' ' + d(e)
          else ' ' + blk(e)
          end
    "(#{kind} #{d(o.test)} #{blk(o.then_expr)}#{els})"
  when M::CaseExpression then "(case #{d(o.test)}#{kids(o.options)})"
  when M::CaseOption then "(when (#{o.values.map { |v| d(v) }.join(' ')}) #{blk(o.then_expr)})"
  when M::BlockExpression then blk(o)
  when M::ResourceExpression
    "(resource #{form(o)}#{d(o.type_name)}#{kids(o.bodies)})"
  when M::ResourceBody then "(body #{d(o.title)}#{kids(o.operations)})"
  when M::AttributeOperation then "(attr #{o.attribute_name} #{o.operator} #{d(o.value_expr)})"
  when M::AttributesOperation then "(attr * => #{d(o.expr)})"
  when M::ResourceDefaultsExpression then "(defaults #{form(o)}#{d(o.type_ref)}#{kids(o.operations)})"
  when M::ResourceOverrideExpression then "(override #{form(o)}#{d(o.resources)}#{kids(o.operations)})"
  when M::CollectExpression
    kind = o.query.is_a?(M::ExportedQuery) ? 'collect-exported' : 'collect'
    "(#{kind} #{d(o.type_expr)} #{d(o.query.expr)}#{kids(o.operations)})"
  when M::HostClassDefinition
    inh = o.parent_class ? " (inherits #{o.parent_class})" : ''
    "(class #{o.name.sub(/\A::/, '')} #{params(o.parameters)}#{inh} #{blk(o.body)})"
  when M::ResourceTypeDefinition then "(define #{o.name.sub(/\A::/, '')} #{params(o.parameters)} #{blk(o.body)})"
  when M::FunctionDefinition
    rt = o.return_type ? " (>> #{d(o.return_type)})" : ''
    "(function #{o.name.sub(/\A::/, '')} #{params(o.parameters)}#{rt} #{blk(o.body)})"
  when M::NodeDefinition
    names = o.host_matches.map do |m|
      m.is_a?(M::LiteralString) && src(m) !~ /\A['"]/ ? m.value : d(m)
    end
    inh = o.parent ? " (inherits #{o.parent.is_a?(M::LiteralDefault) ? 'default' : o.parent.value})" : ''
    "(node (#{names.join(' ')})#{inh} #{blk(o.body)})"
  when M::TypeAlias then "(type #{o.name} #{d(o.type_expr)})"
  when M::RenderExpression then "(render #{d(o.expr)})"
  else "(?#{o.class.name.split('::').last})"
  end
end

def form(o)
  { 'virtual' => '@', 'exported' => '@@' }.fetch(o.form, '')
end

def program(path)
  return blk(Puppet::Pops::Parser::Parser.new.parse_file(path).model.body) unless path.end_with?('.epp')

  # an EPP template is a lambda whose body is an EppExpression
  lam = Puppet::Pops::Parser::EppParser.new.parse_file(path).model.body
  epp = lam.body
  body = epp.body
  # Puppet renders a last empty text; tend drops empty texts
  stmts = body.is_a?(M::BlockExpression) ? body.statements : [body].reject { |x| nop?(x) }
  stmts = stmts.reject { |x| x.is_a?(M::RenderStringExpression) && x.value.empty? }
  ps = epp.parameters_specified ? ' ' + params(lam.parameters) : ''
  "(block#{ps}#{kids(stmts)})"
end

ARGV.each do |path|
  begin
    line = program(path)
  rescue StandardError => e
    line = "error: #{e.message.lines.first.chomp}"
  end
  $stdout.write("#{path}\t".b + line.b + "\n")
end
