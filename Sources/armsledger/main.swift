print("armsledger")
