"""The load benchmark (`make bench`): its runner, Django tasks, baseline view and URLconf."""
