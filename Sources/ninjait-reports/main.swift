print("ninjait-reports")
