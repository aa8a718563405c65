"""The training rules' text, shipped with miler so ``miler rules [ID]`` works offline."""
