"""The session library as data: every session the training rules name, built for one
runner's paces, heart rate and equipment."""
