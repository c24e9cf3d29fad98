@package { 'a': }
Package <| !title == 'a' |>
