$text = @("EOT")
  Hello ${name}
  EOT

$other = @(END)
  never closed
  ENDING
