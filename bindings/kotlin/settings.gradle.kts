rootProject.name = "tdjson"
