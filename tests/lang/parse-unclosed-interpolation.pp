$msg = "value: ${facts['os']"
